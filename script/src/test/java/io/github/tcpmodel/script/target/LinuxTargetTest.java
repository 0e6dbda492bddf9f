package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.script.Errno;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.TcpOption;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class LinuxTargetTest {

    @Test
    void kernelSegmentsReadBackInTheScriptsTerms() {
        Packet k = new Packet(Addresses.parse("10.77.0.1"), Addresses.parse("10.77.0.2"), 8080, 40000,
                0xfffffff0, 1_000_001, 0x12, 64240, 0, new TcpOptions(1460, 7, true, false, 0, 0), new byte[0]);
        byte[] wire = Codec.encode(k);
        Packet back = ((Decoded.Ok) Codec.decode(wire)).segment();
        ScriptSegment w = WireSegments.toWire(back);
        assertEquals(HashSet.of(Flag.SYN, Flag.ACK), w.flags());
        assertEquals(0xfffffff0L, w.seq());
        assertEquals(1_000_001L, w.ack());
        assertEquals(64240, w.window());
        assertEquals(List.of(new TcpOption.Mss(1460), new TcpOption.SackPermitted(), new TcpOption.Nop(),
                new TcpOption.WindowScale(7)), w.options());
    }

    // Options go on the wire exactly as written, in order, with kinds the engine's codec does not know.
    @Test
    void optionsAreWrittenAndReadBackExactlyAsWritten() {
        List<TcpOption> written = List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                new TcpOption.Timestamp(200, 100), new TcpOption.Sack(List.of(new TcpOption.SackBlock(1, 1001))),
                new TcpOption.FastOpen(false, "112233445566"), new TcpOption.FastOpen(true, ""),
                new TcpOption.Other(30, "abcd"));
        ScriptSegment out = new ScriptSegment(HashSet.of(Flag.ACK, Flag.ECE), 7, 9, 512, written, 3);
        byte[] wire = RawSegments.encode(out, 1, 2, 3, 4, RawSegments.ecnBits(io.vavr.control.Option.some("ce")),
                0, 100);
        RawSegments.Read back = RawSegments.decode(wire).get();
        assertEquals(written, back.segment().options().filter(o -> !(o instanceof TcpOption.Eol)));
        assertEquals(HashSet.of(Flag.ACK, Flag.ECE), back.segment().flags());
        assertEquals(3, back.ecn());
        assertEquals(3, back.segment().length());
        // The engine's codec accepts what this writes (checksums included).
        assertTrue(Codec.decode(wire) instanceof Decoded.Ok, "the engine's codec reads the packet");
    }

    @Test
    void withoutTunTheTargetSkipsWithTheReason() {
        if (LinuxTarget.unavailable().isEmpty() || "1".equals(System.getenv(LinuxTarget.REQUIRE_TUN))) {
            return;
        }
        ScriptResult r = LinuxTarget.play(ScriptParser.parse("x.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n")
                .get(), "x.pkt", "linux");
        assertEquals(ScriptResult.Verdict.SKIPPED, r.verdict());
        assertTrue(r.detail().contains(LinuxTarget.REQUIRE_TUN), r.detail());
    }

    // A time far ahead or a call blocked until then fails at once against the per-script limit; no sleep.
    @Test
    void aScriptBeyondTheTimeLimitFailsAtOnce() {
        if (LinuxTarget.unavailable().isDefined()) {
            return;
        }
        String listen = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
                + "+0 listen(3, 1) = 0\n";
        for (String line : List.of("+1000000 close(3) = 0", "+0...+1000000 accept(3, ..., ...) = 4\n+0 close(3) = 0")) {
            long start = System.nanoTime();
            ScriptResult r = LinuxTarget.play(ScriptParser.parse("x.pkt", listen + line + "\n").get(), "x.pkt",
                    "linux");
            assertEquals(ScriptResult.Verdict.FAILED, r.verdict(), r.detail());
            assertTrue(r.detail().contains("limit of " + LinuxTarget.TIME_LIMIT_SECONDS + " s per script"),
                    r.detail());
            assertTrue(System.nanoTime() - start < 30_000_000_000L, "failed without waiting for the time");
        }
    }

    // A key as a script passes it to TCP_FASTOPEN_KEY: the escapes are the octets, cut to the call's length.
    @Test
    void stringLiteralsBecomeTheirOctets() {
        assertArrayEquals(new byte[] {(byte) 0xf7, 0x63, 0, 'a', '"', 9},
                LinuxTarget.octets("\\xf7\\x63\\0a\\\"\\t", io.vavr.control.Option.none()));
        assertArrayEquals(new byte[] {(byte) 0xf7, 0x63}, LinuxTarget.octets("\\xf7\\x63\\x01",
                io.vavr.control.Option.some(2)));
        assertArrayEquals(new byte[] {0x0a, 'g'}, LinuxTarget.octets("\\xag", io.vavr.control.Option.none()));
    }

    // sendfile(2): the kernel sends the file's octets on the socket; open() numbers the file as the script's next
    // descriptor. The model and the engine make the same call as a SEND of the count (said in --report).
    @Test
    void sendfileSendsTheFilesOctets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("five");
        java.nio.file.Files.write(file, new byte[5]);
        String s = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 bind(3, ..., ...) = 0",
                "+0 listen(3, 1) = 0", "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 10>",
                "+0 > S. 0:0(0) ack 1 <...>", "+0 < . 1:1(0) ack 1 win 514", "+0 accept(3, ..., ...) = 4",
                "+0 open(\"" + file + "\", O_RDONLY) = 5", "+0 sendfile(4, 5, [0], 5) = 5", "+0 > P. 1:6(5) ack 1",
                "");
        java.nio.file.Path script = dir.resolve("sendfile.pkt");
        java.nio.file.Files.writeString(script, "// profile: linux\n" + s);
        for (String target : List.of("model", "engine")) {
            ScriptResult r = Scripts.run(java.util.List.of(script), target, io.vavr.control.Option.none()).get()
                    .results().head();
            assertEquals(ScriptResult.Verdict.PASSED, r.verdict(), r.report());
            assertTrue(r.notApplicable().exists(n -> n.contains("sendfile")), r.report());
        }
        if (LinuxTarget.unavailable().isDefined()) {
            return;
        }
        ScriptResult k = LinuxTarget.play(ScriptParser.parse("sendfile.pkt", s).get(), "sendfile.pkt", "linux");
        assertEquals(ScriptResult.Verdict.PASSED, k.verdict(), k.report());
        // A count beyond the file's end sends what the file holds.
        ScriptResult shorter = LinuxTarget.play(ScriptParser.parse("sendfile.pkt",
                s.replace("sendfile(4, 5, [0], 5) = 5", "sendfile(4, 5, [2], 5) = 3").replace("P. 1:6(5)",
                        "P. 1:4(3)")).get(), "sendfile.pkt", "linux");
        assertEquals(ScriptResult.Verdict.PASSED, shorter.verdict(), shorter.report());
    }
}
