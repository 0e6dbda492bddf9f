package com.example.tinytcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Gradle build of this example ({@code build.gradle}) runs the same tests, when Gradle is installed; it takes
 * the kit from the local Maven repository, so the artifacts must have been installed there first.
 */
class GradleBuildTest {

    @Test
    void theGradleBuildPassesTheKit() throws Exception {
        Path gradle = onPath("gradle");
        Assumptions.assumeTrue(gradle != null, "gradle is not on the PATH: the Gradle build of examples/tiny-tcp "
                + "was not run (install Gradle 8 and the tcpmodel artifacts to run it)");
        String version = System.getProperty("tcpmodel.version", "");
        Path installed = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "github", "tcpmodel",
                "tcpmodel-properties", version);
        Assumptions.assumeTrue(!version.isEmpty() && Files.isDirectory(installed), "the tcpmodel artifacts are not in "
                + "the local Maven repository (" + installed + "), where build.gradle takes them from: the Gradle "
                + "build was not run");
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Process p = new ProcessBuilder(gradle.toString(), "--offline", "-q", "test").directory(dir.toFile())
                .inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("gradle test did not finish in 10 minutes");
        }
        assertEquals(0, p.exitValue(), "gradle test failed in " + dir);
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path f = Path.of(d, name);
            if (Files.isExecutable(f)) {
                return f;
            }
        }
        return null;
    }
}
