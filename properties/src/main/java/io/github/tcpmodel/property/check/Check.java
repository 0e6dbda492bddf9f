package io.github.tcpmodel.property.check;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;
import org.quicktheories.core.Strategy;

/**
 * The settings every property of the kit runs with. {@code tcpmodel.tries} (default 200) is the number of examples
 * of a property; {@code tcpmodel.seed}, when set, fixes the seed so that a failure replays exactly. Shrinking is
 * raised well above QuickTheories' default of 100 cycles, which leaves long counterexamples.
 *
 * <p>A failing property throws an {@link AssertionError} that shows the smallest counterexample, the seed, and the
 * one-line Maven command that reruns just that property with that seed.
 */
public final class Check {

    /** System property: examples per property. */
    public static final String TRIES = "tcpmodel.tries";
    /** System property: the seed, for a replay. */
    public static final String SEED = "tcpmodel.seed";
    /** Shrink cycles per failure: enough for a trace of fifty inputs to shrink to its core. */
    public static final int SHRINK_CYCLES = 10_000;

    private static final int DEFAULT_TRIES = 200;

    private Check() {
    }

    /** The number of examples per property, from {@code -Dtcpmodel.tries} (at least 1). */
    public static int tries() {
        return Math.max(1, parse(System.getProperty(TRIES), DEFAULT_TRIES));
    }

    /** {@link #tries()} scaled for a property whose examples cost more (never below {@code floor}). */
    public static int tries(double factor, int floor) {
        return Math.max(floor, (int) Math.round(tries() * factor));
    }

    /** The seed given with {@code -Dtcpmodel.seed}, or a fresh one (reported on failure). */
    public static long seed() {
        String s = System.getProperty(SEED);
        if (s == null || s.isBlank()) {
            return ThreadLocalRandom.current().nextLong();
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED + " must be a long, not '" + s + "'", e);
        }
    }

    private static int parse(String s, int dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TRIES + " must be an int, not '" + s + "'", e);
        }
    }

    /**
     * A QuickTheories entry point for property {@code name} (shown in the report, e.g. {@code Class#method}) with
     * {@code tries} examples.
     */
    public static QuickTheory qt(String name, int tries) {
        Objects.requireNonNull(name, "name is null");
        long seed = seed();
        Strategy strategy = Configuration.systemStrategy()
                .withFixedSeed(seed)
                .withExamples(tries)
                .withShrinkCycles(SHRINK_CYCLES)
                .withGenerateAttempts(10_000)
                .withReporter(new Replaying(name));
        Supplier<Strategy> s = () -> strategy;
        return QuickTheory.qt(s);
    }

    /** {@link #qt(String, int)} with {@link #tries()} examples. */
    public static QuickTheory qt(String name) {
        return qt(name, tries());
    }

    /**
     * Runs property {@code property} over {@code gen} and returns the smallest counterexample found (shrunk), or
     * none when every example passed. For tests of the kit itself: a deliberately broken implementation must be
     * caught, and the counterexample must be short.
     */
    public static <T> io.vavr.control.Option<T> counterexample(String name, int tries, Gen<T> gen,
                                                               java.util.function.Predicate<T> property) {
        Capturing capture = new Capturing();
        Strategy strategy = Configuration.systemStrategy().withFixedSeed(seed()).withExamples(tries)
                .withShrinkCycles(SHRINK_CYCLES).withGenerateAttempts(10_000).withReporter(capture);
        Supplier<Strategy> s = () -> strategy;
        QuickTheory.qt(s).forAll(gen).check(property);
        @SuppressWarnings("unchecked")
        io.vavr.control.Option<T> found = (io.vavr.control.Option<T>) capture.smallest;
        return found;
    }

    private static final class Capturing implements Reporter {
        io.vavr.control.Option<Object> smallest = io.vavr.control.Option.none();

        @Override
        public void falisification(long seed, int examplesUsed, Object value, Throwable cause,
                                   java.util.List<Object> others, AsString<Object> toString) {
            smallest = io.vavr.control.Option.some(value);
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object value, java.util.List<Object> others,
                                   AsString<Object> toString) {
            smallest = io.vavr.control.Option.some(value);
        }

        @Override
        public void valuesExhausted(int examples) {
        }
    }

    /**
     * The Maven module whose tests run the property: the last element of {@code basedir}, which surefire sets to the
     * module's directory (the kit also runs in other modules' tests, e.g. against the engine); {@code properties}
     * when unset.
     */
    static String module() {
        String dir = System.getProperty("basedir");
        if (dir == null || dir.isBlank()) {
            return "properties";
        }
        String name = java.nio.file.Paths.get(dir.trim()).getFileName() == null ? ""
                : java.nio.file.Paths.get(dir.trim()).getFileName().toString();
        return name.isEmpty() ? "properties" : name;
    }

    /** The command that reruns {@code name} ({@code Class#method}) with {@code seed}. */
    public static String replayCommand(String name, long seed) {
        String test = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
        return "mvn -B -ntp -pl " + module() + " -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + test
                + "' -D" + SEED + "=" + seed;
    }

    /** Turns QuickTheories' falsification into an error naming the seed and the replay command. */
    private static final class Replaying implements Reporter {
        private final String name;

        Replaying(String name) {
            this.name = name;
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                                   java.util.List<Object> others, AsString<Object> toString) {
            throw new AssertionError(message(seed, examplesUsed, smallest, others, toString)
                    + "\ncause: " + cause, cause);
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, java.util.List<Object> others,
                                   AsString<Object> toString) {
            throw new AssertionError(message(seed, examplesUsed, smallest, others, toString));
        }

        @Override
        public void valuesExhausted(int examples) {
            // Fewer distinct values than tries (small finite generators): every value was checked.
        }

        private String message(long seed, int examplesUsed, Object smallest, java.util.List<Object> others,
                               AsString<Object> toString) {
            return "property " + name + " falsified after " + examplesUsed + " example(s)\n"
                    + "smallest counterexample:\n" + toString.asString(smallest) + "\n"
                    + "seed: " + seed + "\n"
                    + "replay: " + replayCommand(name, seed)
                    + (others.isEmpty() ? "" : "\n(" + others.size() + " larger counterexamples not shown)");
        }
    }
}
