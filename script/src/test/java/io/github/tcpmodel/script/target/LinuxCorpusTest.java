package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LinuxCorpusTest {

    static void assumeTun() {
        Option<String> missing = LinuxTarget.unavailable();
        if (missing.isEmpty()) {
            return;
        }
        if ("1".equals(System.getenv(LinuxTarget.REQUIRE_TUN))) {
            fail(LinuxTarget.REQUIRE_TUN + "=1 but the linux target cannot run: " + missing.get());
        }
        Assumptions.abort("linux target skipped: " + missing.get());
    }

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.script.target.ModelCorpusTest#scripts")
    void passesOnTheKernelWhenItNamesTheLinuxProfile(Path file) {
        assumeTun();
        ScriptReport r = Scripts.run(java.util.List.of(file), "linux", Option.none()).get();
        assertTrue(r.failures().isEmpty(), r::render);
    }
}
