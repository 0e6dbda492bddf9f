package io.github.tcpmodel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/scripts");

    static Stream<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".pkt")).sorted().collect(Collectors.toList()).stream();
        }
    }

    static List<String> header(String text, String key) {
        return List.of(text.split("\n")).filter(l -> l.startsWith("// " + key + ":"))
                .map(l -> l.substring(("// " + key + ":").length()).trim());
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void everyScriptParses(Path file) {
        Either<ScriptError, Script> r = ScriptParser.parse(file);
        assertTrue(r.isRight(), () -> r.getLeft().message());
        assertEquals(file.toString(), r.get().file());
        assertFalse(r.get().events().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void everyScriptNamesItsRfcSectionAndProfile(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> rfc = header(text, "rfc");
        assertEquals(1, rfc.size(), "one '// rfc:' line");
        assertTrue(rfc.head().matches("RFC 9293 §3\\.[0-9.]+.*"), rfc.head());
        List<String> profiles = header(text, "profile");
        assertEquals(1, profiles.size(), "one '// profile:' line");
        List<String> names = List.of(profiles.head().split(",")).map(String::trim);
        assertFalse(names.isEmpty());
        assertTrue(names.forAll(n -> n.equals("rfc9293") || n.equals("linux")), profiles.head());
        List<String> seeds = header(text, "seed");
        assertTrue(seeds.size() <= 1 && seeds.forAll(x -> x.matches("C[0-9]+(, C[0-9]+)*")), seeds.mkString());
        String name = file.getFileName().toString();
        if (name.endsWith(".linux.pkt")) {
            assertEquals(List.of("linux"), names);
        }
        if (name.endsWith(".rfc9293.pkt")) {
            assertEquals(List.of("rfc9293"), names);
        }
    }

    @Test
    void theSeedsHandshakesAndClosesAreCovered() throws IOException {
        List<String> names = List.ofAll(scripts().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        for (String required : List.of("handshake-passive.pkt", "handshake-active.pkt",
                "handshake-simultaneous-open.pkt", "close-active.pkt", "close-passive.pkt", "half-close.pkt",
                "close-wait-send.pkt", "close-simultaneous.pkt", "connect-refused.pkt", "closed-port-rst.pkt",
                "abort-linger.rfc9293.pkt", "abort-linger.linux.pkt", "peer-reset.pkt", "syn-retransmit.rfc9293.pkt",
                "syn-retransmit.linux.pkt",
                "synack-retransmit.pkt", "handshake-data-on-ack.pkt", "close-fin-ack-in-fin-wait-1.pkt",
                "time-wait-fin-retransmit.pkt")) {
            assertTrue(names.contains(required), required);
        }
    }

    // The fake target implements the plain handshake and close paths; running the scripts it can play checks their
    // sequence arithmetic and timing before the real targets arrive.
    @ParameterizedTest
    @MethodSource("scripts")
    void scriptsTheFakeCanPlayPass(Path file) {
        List<String> fakeCanPlay = List.of("handshake-passive.pkt", "handshake-active.pkt", "close-active.pkt",
                "close-passive.pkt", "close-wait-send.pkt", "half-close.pkt", "connect-refused.pkt",
                "closed-port-rst.pkt", "syn-retransmit.rfc9293.pkt", "handshake-data-on-ack.pkt",
                "close-fin-ack-in-fin-wait-1.pkt");
        if (!fakeCanPlay.contains(file.getFileName().toString())) {
            return;
        }
        Script script = ScriptParser.parse(file).get();
        for (long isn : new long[] {0L, 0xfffffffbL}) {
            FakeTarget t = new FakeTarget();
            t.isn = isn;
            Either<Failure, Passed> r = ScriptRunner.run(script, t);
            assertTrue(r.isRight(), () -> r.getLeft().report());
        }
    }
}
