package io.github.tcpmodel.property.check;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts how often each label (a state reached, a hard case hit) occurs across the examples of one property, and
 * fails when a required label occurs in too small a fraction of them: a property that never generates the case it
 * is meant to test passes vacuously, and this makes that visible.
 *
 * <p>Mutable by design: one instance per property run, fed from the property body.
 */
public final class Coverage {

    private final String property;
    private final Map<String, Integer> counts = new TreeMap<>();
    private int examples;

    /**
     * Coverage of the property named {@code property}.
     *
     * @param property the property's name, shown when a requirement fails
     */
    public Coverage(String property) {
        this.property = Objects.requireNonNull(property, "property is null");
    }

    /**
     * One example that showed each of {@code labels} (each counted once per example).
     *
     * @param labels the cases the example showed
     */
    public void example(Iterable<String> labels) {
        examples++;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String l : labels) {
            if (seen.add(l)) {
                counts.merge(l, 1, Integer::sum);
            }
        }
    }

    /** {@return how many examples were counted} */
    public int examples() {
        return examples;
    }

    /**
     * The fraction of examples that showed {@code label}.
     *
     * @param label a case
     * @return a number in [0, 1]; 0 before any example
     */
    public double fraction(String label) {
        return examples == 0 ? 0 : counts.getOrDefault(label, 0) / (double) examples;
    }

    /**
     * Fails unless each of {@code labels} occurred in at least {@code minFraction} of the examples.
     *
     * @param minFraction the least fraction in [0, 1]
     * @param labels the cases required
     */
    public void require(double minFraction, Iterable<String> labels) {
        StringBuilder missing = new StringBuilder();
        for (String l : labels) {
            if (fraction(l) < minFraction) {
                missing.append("\n  ").append(l).append(": ").append(counts.getOrDefault(l, 0)).append(" of ")
                        .append(examples);
            }
        }
        if (missing.length() > 0) {
            throw new AssertionError("coverage of " + property + ": generated too rarely (need at least "
                    + Math.round(minFraction * 1000) / 10.0 + "% of the examples):" + missing + "\nall: " + this);
        }
    }

    @Override
    public String toString() {
        return examples + " examples; " + counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
