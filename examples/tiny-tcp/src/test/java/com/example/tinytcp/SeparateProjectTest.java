package com.example.tinytcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.property.check.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kit from outside this repository, through the artifacts this build produced: a brand-new Maven project in a
 * temporary directory (this example's pom and stack, its conformance test), built by a separate {@code mvn} whose
 * local repository is a temporary one holding only the tcpmodel jars and poms of this build. Every other artifact
 * (plugins, vavr, JUnit) comes read-only from the build's own local repository, named as a {@code file://} mirror,
 * so the run needs no network and writes nothing outside the temporary directory.
 *
 * <p>The project passes the kit; with its SYN,ACK broken it fails; the replay command the failure prints, run as
 * printed, reproduces the same smallest counterexample. {@link ReplayTest} checks the same replay in this JVM.
 */
class SeparateProjectTest {

    private static final String VERSION = System.getProperty("tcpmodel.version", "");
    /** The tcpmodel artifacts the kit needs: the parent pom, the model and the kit itself. */
    private static final List<String> MODULES = List.of("model", "properties");
    private static final Pattern REPLAY = Pattern.compile("replay: (mvn test [^\n]*-Dtcpmodel\\.seed=-?\\d+)");

    private Path tmp;
    private Path mvn;
    private Path settings;
    private Path repo;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(Check.buildTool().get() != Check.BuildTool.GRADLE,
                "run by the Maven build only (it lays out the Maven artifacts of this repository)");
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();
        Path kitJar = root.resolve("properties/target/tcpmodel-properties-" + VERSION + ".jar");
        Assumptions.assumeTrue(!VERSION.isEmpty() && Files.isRegularFile(kitJar), "the kit's jar " + kitJar
                + " is not built: this test runs in the repository's build (mvn verify), after properties");
        mvn = Path.of(System.getProperty("maven.home", ""), "bin", "mvn");
        assertTrue(Files.isExecutable(mvn), "no mvn at " + mvn + " (maven.home)");
        Path mavenRepository = Path.of(System.getProperty("tcpmodel.mavenRepository", ""));
        assertTrue(Files.isDirectory(mavenRepository), "the build's local repository " + mavenRepository);

        tmp = Files.createTempDirectory("tcpmodel-separate-project-");
        assertFalse(tmp.toRealPath().startsWith(root.toRealPath()), tmp + " is inside the source tree");
        repo = Files.createDirectories(tmp.resolve("repository"));
        // This build's artifacts, laid out as installed ones (a file at its coordinates' path).
        Path group = repo.resolve("io/github/tcpmodel");
        install(group, "tcpmodel-parent", root.resolve("pom.xml"), null);
        for (String module : MODULES) {
            String artifact = "tcpmodel-" + module;
            install(group, artifact, root.resolve(module).resolve("pom.xml"),
                    root.resolve(module).resolve("target").resolve(artifact + "-" + VERSION + ".jar"));
        }
        settings = Files.writeString(tmp.resolve("settings.xml"), String.join("\n",
                "<settings>",
                "  <mirrors>",
                "    <mirror>",
                "      <id>build-repository</id>",
                "      <mirrorOf>*</mirrorOf>",
                "      <url>" + mavenRepository.toUri() + "</url>",
                "    </mirror>",
                "  </mirrors>",
                "</settings>", ""));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (tmp != null) {
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void install(Path group, String artifact, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(group.resolve(artifact).resolve(VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) {
            assertTrue(Files.isRegularFile(jar), jar + " is not built");
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
        }
    }

    /** What a Maven run printed and its exit code. */
    record Build(int code, String output) {
    }

    /** Runs {@code mvn ARGS} in {@code project} against the temporary repository and the mirror. */
    private Build maven(Path project, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo));
        command.addAll(args);
        Path log = Files.createTempFile(tmp, "mvn", ".log");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
        }
        return new Build(p.exitValue(), Files.readString(log));
    }

    /** The words of a command line as a POSIX shell splits them (blanks, single quotes). */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|([^\\s']+)").matcher(line);
        StringBuilder word = new StringBuilder();
        int end = 0;
        while (m.find()) {
            if (m.start() > end && word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
            word.append(m.group(1) != null ? m.group(1) : m.group(2));
            end = m.end();
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The smallest counterexample and its divergence report, without the seed and the replay line. */
    private static String counterexample(String output) {
        int from = output.indexOf("smallest counterexample:");
        int to = output.indexOf("seed: ", from);
        assertTrue(from >= 0 && to > from, output);
        return output.substring(from, to);
    }

    @Test
    void aNewProjectPassesTheKitFailsWhenBrokenAndReplaysThePrintedCommand() throws Exception {
        Path example = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path project = Files.createDirectories(tmp.resolve("my-tcp"));
        Files.copy(example.resolve("pom.xml"), project.resolve("pom.xml"));
        Path main = example.resolve("src/main/java/com/example/tinytcp");
        Path test = example.resolve("src/test/java/com/example/tinytcp");
        Path mainTo = Files.createDirectories(project.resolve("src/main/java/com/example/tinytcp"));
        Path testTo = Files.createDirectories(project.resolve("src/test/java/com/example/tinytcp"));
        for (String f : List.of("TinyTcp.java", "TinyTcpAdapter.java")) {
            Files.copy(main.resolve(f), mainTo.resolve(f));
        }
        Files.copy(test.resolve("TinyTcpConformanceTest.java"), testTo.resolve("TinyTcpConformanceTest.java"));

        Build pass = maven(project, List.of("test"));
        assertEquals(0, pass.code(), pass.output());
        Matcher ran = Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0\n").matcher(pass.output());
        assertTrue(ran.find() && Integer.parseInt(ran.group(1)) > 0, pass.output());
        // The kit came from this build's jars, not from anywhere else.
        assertTrue(Files.isRegularFile(repo.resolve("io/github/tcpmodel/tcpmodel-properties/" + VERSION
                + "/tcpmodel-properties-" + VERSION + ".jar")));

        // Break the stack: its SYN,ACK acknowledges IRS instead of IRS + 1 (RFC 9293 §3.4: a SYN takes one number).
        Path stack = mainTo.resolve("TinyTcp.java");
        String source = Files.readString(stack);
        String right = "return new Seg(iss, rcvNxt, true, true, false, false, WINDOW);";
        assertTrue(source.contains(right), "TinyTcp.synAck changed: update this test");
        Files.writeString(stack, source.replace(right, "return new Seg(iss, mod(rcvNxt - 1), true, true, false, "
                + "false, WINDOW);"));

        Build fail = maven(project, List.of("test"));
        assertNotEquals(0, fail.code(), fail.output());
        assertTrue(fail.output().contains("breaks:"), fail.output());
        Matcher replay = REPLAY.matcher(fail.output());
        assertTrue(replay.find(), fail.output());
        String printed = replay.group(1);
        assertTrue(printed.contains("-Dtest='TinyTcpConformanceTest#conformsOnRandomTraces'"), printed);
        int at = fail.output().lastIndexOf("smallest counterexample:", replay.start());
        String first = counterexample(fail.output().substring(at));

        // The printed command, word for word, after the options that point it at the temporary repository.
        List<String> command = words(printed);
        assertEquals("mvn", command.get(0));
        Build replayed = maven(project, command.subList(1, command.size()));
        assertNotEquals(0, replayed.code(), replayed.output());
        assertTrue(replayed.output().contains("Tests run: 1, "), replayed.output());
        assertEquals(first, counterexample(replayed.output()));
    }
}
