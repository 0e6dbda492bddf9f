package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution archive as a user meets it: unpacked into a temporary directory outside the source tree, and run
 * with a JDK alone. The commands run in a clean environment whose PATH has every command of this machine's PATH
 * except Maven and Gradle, whose HOME is empty (no local Maven repository), and whose working directory is outside
 * the tree. Run by the build after {@code package} (cli/pom.xml, execution {@code distribution}).
 */
class DistributionIT {

    private static final String VERSION = System.getProperty("tcpmodel.version");
    private static Path tmp;
    private static Path home;
    private static Path work;

    @BeforeAll
    static void unpack() throws IOException {
        String archive = System.getProperty("tcpmodel.distribution");
        // Set by the execution that runs this test after package; -Dtest=... may select it in the test phase too.
        org.junit.jupiter.api.Assumptions.assumeTrue(archive != null, "no distribution archive named: run by mvn "
                + "verify after package");
        Path zip = Path.of(archive);
        assertTrue(Files.isRegularFile(zip), zip + " was not built");
        tmp = Files.createTempDirectory("tcpmodel-distribution-");
        assertFalse(tmp.toRealPath().startsWith(Path.of("..").toRealPath()), tmp + " is inside the source tree");
        unzip(zip, tmp.resolve("unpacked"));
        home = tmp.resolve("unpacked").resolve("tcpmodel-" + VERSION);
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("home"));
    }

    @AfterAll
    static void remove() throws IOException {
        if (tmp != null) {
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** What a command printed and its exit code. */
    record Result(int code, String out, String err) {
    }

    /**
     * A directory of links to every command on this machine's PATH but Maven's and Gradle's (and {@code java}
     * unless {@code withJava}): the PATH of a machine with a JDK and no build tool.
     */
    private static Path tools(boolean withJava) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(withJava ? "tools-java" : "tools"));
        try (Stream<Path> existing = Files.list(dir)) {
            if (existing.findAny().isPresent()) {
                return dir;
            }
        }
        Set<String> seen = new TreeSet<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path pd = Path.of(d.isEmpty() ? "." : d);
            if (!Files.isDirectory(pd)) {
                continue;
            }
            try (Stream<Path> files = Files.list(pd)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith("mvn") || name.startsWith("gradle") || name.equals("java")
                            || !Files.isExecutable(f) || Files.isDirectory(f) || !seen.add(name)) {
                        continue;
                    }
                    Files.createSymbolicLink(dir.resolve(name), f.toAbsolutePath());
                }
            }
        }
        if (withJava) {
            Files.createSymbolicLink(dir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        return dir;
    }

    /** Runs {@code command} in the clean environment: PATH {@code path}, JAVA_HOME when given, an empty HOME. */
    private static Result run(Path path, String javaHome, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", path.toString());
        env.put("HOME", tmp.resolve("home").toString());
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String launcher() {
        return home.resolve("bin").resolve("tcpmodel").toString();
    }

    @Test
    void theArchiveHoldsTheLauncherTheCompletionAndEveryRuntimeJar() throws IOException {
        assertTrue(Files.isExecutable(home.resolve("bin/tcpmodel")), "bin/tcpmodel is not executable");
        assertTrue(Files.isRegularFile(home.resolve("bin/tcpmodel_completion")));
        assertTrue(Files.isRegularFile(home.resolve("LICENSE")) && Files.isRegularFile(home.resolve("NOTICE")));
        TreeSet<String> lib = new TreeSet<>();
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            jars.forEach(j -> lib.add(j.getFileName().toString()));
        }
        // The command's own jar and every jar of its runtime class path (copied by the build into target/lib).
        TreeSet<String> expected = new TreeSet<>();
        try (Stream<Path> jars = Files.list(Path.of("target", "lib"))) {
            jars.forEach(j -> expected.add(j.getFileName().toString()));
        }
        expected.add("tcpmodel-cli-" + VERSION + ".jar");
        assertEquals(expected, lib);
    }

    @Test
    void versionRunsWithJavaHomeAndWithJavaOnThePath() throws Exception {
        Result viaHome = run(tools(false), System.getProperty("java.home"), launcher(), "--version");
        assertEquals(0, viaHome.code(), viaHome.err());
        assertTrue(viaHome.out().startsWith("tcpmodel " + VERSION + "\n"), viaHome.out());

        Result viaPath = run(tools(true), null, launcher(), "--version");
        assertEquals(0, viaPath.code(), viaPath.err());
        assertEquals(viaHome.out(), viaPath.out());

        // Through a symbolic link elsewhere, as when bin/tcpmodel is linked from ~/bin.
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("links")).resolve("tcpmodel"),
                Path.of(launcher()));
        Result viaLink = run(tools(true), null, link.toString(), "--version");
        assertEquals(0, viaLink.code(), viaLink.err());
        assertEquals(viaHome.out(), viaLink.out());
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToDo() throws Exception {
        Result none = run(tools(false), null, launcher(), "--version");
        assertEquals(2, none.code());
        assertEquals("", none.out());
        assertTrue(none.err().startsWith("tcpmodel: no java found: set JAVA_HOME or put Java 17"), none.err());

        Result badHome = run(tools(true), tmp.resolve("no-jdk").toString(), launcher(), "--version");
        assertEquals(2, badHome.code());
        assertTrue(badHome.err().startsWith("tcpmodel: JAVA_HOME is "), badHome.err());
    }

    @Test
    void theTourRuns() throws Exception {
        Result r = run(tools(false), System.getProperty("java.home"), launcher(), "tour", "--out", "tour");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("12 of 12 connection states are reachable from CLOSED"), r.out());
        assertTrue(r.out().contains("8 of 8 verdicts as RFC 9293 predicts."), r.out());
        assertTrue(r.out().contains("completed: 65536 octets each way byte-exact") || r.out().contains("skipped"),
                r.out());
        assertTrue(Files.size(work.resolve("tour").resolve("tcp-states.svg")) > 0);
    }

    @Test
    void theBundledCompletionIsWhatTheCommandGeneratesAndBashCompletesWithIt() throws Exception {
        Result generated = run(tools(false), System.getProperty("java.home"), launcher(), "generate-completion");
        assertEquals(0, generated.code(), generated.err());
        Path bundled = home.resolve("bin").resolve("tcpmodel_completion");
        // The subcommand ends the script with one more newline than picocli's file writer.
        assertEquals(Files.readString(bundled).stripTrailing(), generated.out().stripTrailing());
        assertEquals(List.of("tour"), CompletionTest.complete(bundled, "tcpmodel to"));
    }

    @Test
    void theTarGzHoldsTheSameFiles() throws Exception {
        Path tgz = Path.of(System.getProperty("tcpmodel.distribution").replaceAll("\\.zip$", ".tar.gz"));
        assertTrue(Files.isRegularFile(tgz), tgz + " was not built");
        Path into = Files.createDirectories(tmp.resolve("from-tar"));
        Process p = new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", into.toString()).inheritIO().start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        assertEquals(tree(home), tree(into.resolve("tcpmodel-" + VERSION)));
        assertTrue(Files.isExecutable(into.resolve("tcpmodel-" + VERSION).resolve("bin/tcpmodel")));
    }

    /** The relative paths of the files under {@code root}, with their sizes. */
    private static List<String> tree(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                files.add(root.relativize(f) + " " + Files.size(f));
            }
        }
        return files;
    }

    /**
     * Unpacks {@code zip} into {@code into}, keeping each entry's Unix permissions (java.util.zip does not read
     * them, so they are taken from the central directory's external attributes).
     */
    private static void unzip(Path zip, Path into) throws IOException {
        Map<String, Integer> modes = unixModes(zip);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(into), entry.getName() + " leaves the directory");
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                int mode = modes.getOrDefault(entry.getName(), 0);
                if (mode != 0) {
                    Files.setPosixFilePermissions(target, permissions(mode));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new java.util.HashSet<>();
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Each entry's Unix mode: the high 16 bits of the external attributes of its central directory header. */
    private static Map<String, Integer> unixModes(Path zip) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        for (int i = bytes.length - 22; i >= 0 && end < 0; i--) {
            if (b.getInt(i) == 0x06054b50) {
                end = i;
            }
        }
        assertTrue(end >= 0, "no end of central directory record in " + zip);
        int entries = Short.toUnsignedInt(b.getShort(end + 10));
        int at = b.getInt(end + 16);
        Map<String, Integer> modes = new HashMap<>();
        for (int n = 0; n < entries; n++) {
            assertEquals(0x02014b50, b.getInt(at), "central directory header " + n);
            int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(at + 32));
            int external = b.getInt(at + 38);
            modes.put(new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8), (external >>> 16) & 07777);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }
}
