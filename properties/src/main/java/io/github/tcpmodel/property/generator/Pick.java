package io.github.tcpmodel.property.generator;

import io.vavr.collection.List;
import java.util.Objects;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A weighted choice among values or generators as one integer draw that shrinks to the first option. Weights are
 * relative.
 */
public final class Pick {

    private Pick() {
    }

    /**
     * One of {@code options}, the i-th with weight {@code weights[i]}; shrinks to {@code options[0]}.
     *
     * @param <T> the type of the options
     * @param options the options
     * @param weights one weight per option
     * @return the generator
     */
    public static <T> Gen<T> weighted(List<T> options, int... weights) {
        return weightedGen(options.map(Generate::constant), weights);
    }

    /**
     * A value of one of {@code gens}, the i-th chosen with weight {@code weights[i]}; shrinks towards gens[0].
     *
     * @param <T> the type of the values
     * @param gens the generators
     * @param weights one weight per generator
     * @return the generator
     */
    public static <T> Gen<T> weightedGen(List<Gen<T>> gens, int... weights) {
        Objects.requireNonNull(gens, "gens is null");
        if (gens.isEmpty() || gens.size() != weights.length) {
            throw new IllegalArgumentException("one positive weight per option is needed");
        }
        int[] cumulative = new int[weights.length];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] <= 0) {
                throw new IllegalArgumentException("weights must be positive");
            }
            total += weights[i];
            cumulative[i] = total;
        }
        java.util.List<Gen<T>> all = gens.toJavaList();
        return Generate.range(0, total - 1, 0).flatMap(r -> {
            int i = 0;
            while (r >= cumulative[i]) {
                i++;
            }
            return all.get(i);
        });
    }

    /**
     * One of {@code options} with equal weights; shrinks to the first.
     *
     * @param <T> the type of the options
     * @param options the options
     * @return the generator
     */
    public static <T> Gen<T> uniform(List<T> options) {
        Objects.requireNonNull(options, "options is null");
        java.util.List<T> all = options.toJavaList();
        return Generate.range(0, all.size() - 1, 0).map(all::get);
    }
}
