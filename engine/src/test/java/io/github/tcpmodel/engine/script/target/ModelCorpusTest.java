package io.github.tcpmodel.engine.script.target;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/scripts");

    static Stream<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".pkt")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void passesOnTheModelUnderEachProfileItNames(Path file) {
        Report r = Scripts.run(java.util.List.of(file), "model", Option.none()).get();
        assertTrue(r.allPassed(), r::render);
    }
}
