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
 * command that reruns just that property with that seed ({@link #replayCommand(String, long)}); an exception thrown
 * by the code under test is kept as the error's cause.
 *
 * <p>For continuous integration: pin {@code -Dtcpmodel.seed} (and the default tries) on pull requests so that a run
 * is reproducible and fast, and run deep random passes on a schedule without a seed and with a large
 * {@code -Dtcpmodel.tries}; a failure there prints the seed to pin while fixing it.
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

    /** {@return the number of examples per property, from {@code -Dtcpmodel.tries} (at least 1)} */
    public static int tries() {
        return Math.max(1, parse(System.getProperty(TRIES), DEFAULT_TRIES));
    }

    /**
     * {@link #tries()} scaled for a property whose examples cost more (never below {@code floor}).
     *
     * @param factor the share of {@link #tries()} to run, e.g. 0.1 for examples ten times as costly
     * @param floor the fewest examples to run
     * @return the number of examples
     */
    public static int tries(double factor, int floor) {
        return Math.max(floor, (int) Math.round(tries() * factor));
    }

    /** {@return the seed given with {@code -Dtcpmodel.seed}, or a fresh one (reported on failure)} */
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
     *
     * @param name the property's name, e.g. {@code MyStackConformanceTest#conformsOnRandomTraces}
     * @param tries the number of examples
     * @return the entry point, seeded with {@link #seed()}
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

    /**
     * {@link #qt(String, int)} with {@link #tries()} examples.
     *
     * @param name the property's name, e.g. {@code MyStackConformanceTest#conformsOnRandomTraces}
     * @return the entry point, seeded with {@link #seed()}
     */
    public static QuickTheory qt(String name) {
        return qt(name, tries());
    }

    /**
     * Runs property {@code property} over {@code gen} and returns the smallest counterexample found (shrunk), or
     * none when every example passed. For tests of the kit itself: a deliberately broken implementation must be
     * caught, and the counterexample must be short.
     *
     * @param <T> the type of the examples
     * @param name the property's name
     * @param tries the number of examples
     * @param gen the examples
     * @param property true for an example that passes
     * @return the smallest failing example, or none
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

    /** System property: the build tool named in the replay line ({@code maven} or {@code gradle}). */
    public static final String BUILD_TOOL = "tcpmodel.build";

    /** The build tools a replay line can be written for. */
    public enum BuildTool {
        /** Maven with surefire: {@code mvn test -Dtest='Class#method' -Dtcpmodel.seed=N}. */
        MAVEN,
        /** Gradle: {@code gradle test --tests 'pkg.Class.method' -Dtcpmodel.seed=N}. */
        GRADLE
    }

    /**
     * The build tool that runs the tests, when it can be told: {@code -Dtcpmodel.build=maven|gradle} first; else
     * Maven when surefire's {@code basedir} or {@code surefire.test.class.path} property is set, Gradle when its test
     * worker's {@code org.gradle.test.worker} property is; none otherwise (the replay then shows both forms).
     */
    public static io.vavr.control.Option<BuildTool> buildTool() {
        String told = System.getProperty(BUILD_TOOL);
        if (told != null && !told.isBlank()) {
            try {
                return io.vavr.control.Option.some(BuildTool.valueOf(told.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + BUILD_TOOL + " must be maven or gradle, not '" + told + "'",
                        e);
            }
        }
        if (System.getProperty("org.gradle.test.worker") != null) {
            return io.vavr.control.Option.some(BuildTool.GRADLE);
        }
        if (System.getProperty("surefire.test.class.path") != null || System.getProperty("basedir") != null) {
            return io.vavr.control.Option.some(BuildTool.MAVEN);
        }
        return io.vavr.control.Option.none();
    }

    /**
     * The command that reruns property {@code name} with {@code seed}, run from the directory of the build that ran
     * the test (the user's project or module): {@code name} is {@code Class#method} with the class's binary name, or
     * its simple name. Neither form names a module, which this process cannot know; in a multi-module build add
     * {@code -pl MODULE -am} (Maven) or run the module's {@code :MODULE:test} task (Gradle).
     *
     * @param name the property, {@code Class#method}
     * @param seed the seed that reproduces the failure
     * @return the command line, or both forms (Maven's and Gradle's) on two lines when the build tool is unknown
     */
    public static String replayCommand(String name, long seed) {
        io.vavr.control.Option<BuildTool> tool = buildTool();
        if (tool.isEmpty()) {
            return replayCommand(BuildTool.MAVEN, name, seed) + "\n    or: "
                    + replayCommand(BuildTool.GRADLE, name, seed);
        }
        return replayCommand(tool.get(), name, seed);
    }

    /**
     * The replay command for {@code tool}.
     *
     * @param tool the build tool that runs the tests
     * @param name the property, {@code Class#method}
     * @param seed the seed that reproduces the failure
     * @return the command line
     */
    public static String replayCommand(BuildTool tool, String name, long seed) {
        Objects.requireNonNull(tool, "tool is null");
        Objects.requireNonNull(name, "name is null");
        int hash = name.indexOf('#');
        String cls = hash < 0 ? name : name.substring(0, hash);
        String method = hash < 0 ? "" : name.substring(hash + 1);
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        return switch (tool) {
            // Surefire's -Dtest matches the simple class name; a parameterized method needs no suffix.
            case MAVEN -> "mvn test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + simple
                    + (method.isEmpty() ? "" : "#" + method) + "' -D" + SEED + "=" + seed;
            // Gradle's --tests takes the class name (a pattern, '*' for the package when only the simple name is
            // known) and the method after a dot; the build passes -D properties on to the test JVM (docs/kit.md).
            case GRADLE -> "gradle test --tests '" + (cls.contains(".") ? cls : "*" + cls)
                    + (method.isEmpty() ? "" : "." + method) + "' -D" + SEED + "=" + seed;
        };
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
