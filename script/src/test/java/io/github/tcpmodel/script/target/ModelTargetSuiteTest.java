package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the model target does with the forms packetdrill's own suites rely on. */
class ModelTargetSuiteTest {

    private static Either<Failure, Passed> run(String text, ModelTarget t) {
        return ScriptRunner.run(ScriptParser.parse("t.pkt", text).get(), t);
    }

    private static final String HANDSHAKE = String.join("\n",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 bind(3, ..., ...) = 0", "+0 listen(3, 1) = 0",
            "+0 < S 0:0(0) win 65535 <mss 1000>", "+0 > S. 0:0(0) ack 1 <mss 1460>",
            "+.1 < . 1:1(0) ack 1 win 65535", "+0 accept(3, ..., ...) = 4", "");

    // A shell line that runs a suite's shell script by its path takes that file's sysctls, and a later sysctl on the
    // same line overrides the file's: here the file turns the Fast Open server on (RFC 7413), the line then off.
    @Test
    void aShellScriptRunByItsPathSetsItsSysctlsInOrder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));
        Files.writeString(dir.resolve("common/defaults.sh"), "#!/bin/sh\nsysctl -q net.ipv4.tcp_timestamps=0\n"
                + "sysctl -q net.ipv4.tcp_fastopen=0x70403\n", StandardCharsets.UTF_8);
        String tfo = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 bind(3, ..., ...) = 0",
                "+0 listen(3, 1) = 0", "+0 < S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FOEXP TFO_COOKIE>",
                "+0 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>", "");
        Either<Failure, Passed> on = run("`common/defaults.sh`\n" + tfo,
                ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU).inDirectory(dir));
        assertTrue(on.isRight(), () -> on.getLeft().report());
        Either<Failure, Passed> off = run("`common/defaults.sh\nsysctl -q net.ipv4.tcp_fastopen=1`\n" + tfo,
                ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU).inDirectory(dir));
        assertTrue(off.isLeft(), "the line's own tcp_fastopen=1 turns the server off again");
        assertTrue(off.getLeft().actual().contains("ack 1 "), off.getLeft().report());
        Either<Failure, Passed> nowhere = run("`common/defaults.sh`\n" + tfo,
                ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(nowhere.isLeft(), "without the script's folder the file is not read");
    }

    // A TSO or GSO burst is one segment in the script and a train of MSS-sized segments from the model: the train
    // sent at once, in sequence, is judged as the burst (RFC 9293 §3.7.1: the MSS bounds each segment).
    @Test
    void aBurstTheScriptShowsAsOneSegmentIsTheModelsTrainOfSegments() {
        String s = HANDSHAKE + String.join("\n", "+0 write(4, ..., 3000) = 3000", "+0 > P. 1:3001(3000) ack 1", "");
        Either<Failure, Passed> r = run(s, ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(r.isRight(), () -> r.getLeft().report());
        // The burst still ends where the model's segments end: more text than the model sent at once fails.
        String longer = HANDSHAKE + String.join("\n", "+0 write(4, ..., 3000) = 3000",
                "+0 > P. 1:3501(3500) ack 1", "");
        Either<Failure, Passed> l = run(longer, ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(l.isLeft());
        assertTrue(l.getLeft().actual().contains("1:3001(3000)"), l.getLeft().report());
        // Segments sent at different times are not one burst.
        String apart = HANDSHAKE + String.join("\n", "+0 write(4, ..., 1000) = 1000", "+.01 write(4, ..., 1000) = 1000",
                "+0 > P. 1:2001(2000) ack 1", "");
        Either<Failure, Passed> a = run(apart, ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(a.isLeft());
    }

    // packetdrill gives each connection a listener takes its own port of the peer's: a SYN to a new listener opens
    // a new connection even while the one accepted before is still ESTABLISHED.
    @Test
    void aSynToANewListenerOpensANewConnectionBesideAnOpenOne() {
        String s = HANDSHAKE + String.join("\n", "+0 close(3) = 0", "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 bind(3, ..., ...) = 0", "+0 listen(3, 1) = 0", "+.1 < S 0:0(0) win 65535 <mss 1000>",
                "+0 > S. 0:0(0) ack 1 <mss 1460>", "+.1 < . 1:1(0) ack 1 win 65535", "+0 accept(3, ..., ...) = 5",
                "");
        Either<Failure, Passed> r = run(s, ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(r.isRight(), () -> r.getLeft().report());
        // Without a new listener the same SYN reaches the open connection (RFC 5961 §4: a challenge ACK).
        String same = HANDSHAKE + String.join("\n", "+.1 < S 0:0(0) win 65535 <mss 1000>",
                "+0 > S. 0:0(0) ack 1 <mss 1460>", "");
        Either<Failure, Passed> x = run(same, ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(x.isLeft());
        assertFalse(x.getLeft().actual().startsWith("S."), x.getLeft().report());
        assertEquals(9, x.getLeft().position().line(), x.getLeft().report());
    }

    // A sendmsg whose only flag is MSG_ZEROCOPY is the SEND of its iovec's octets (RFC 9293 §3.10.2); the flag is
    // reported as not applied.
    @Test
    void aZeroCopySendmsgIsAPlainSend() {
        String s = HANDSHAKE + String.join("\n", "+0 sendmsg(4, {msg_name(...)=..., msg_iov(2)=[{..., 10}, {..., 20}], "
                + "msg_flags=0}, MSG_ZEROCOPY) = 30", "+0 > P. 1:31(30) ack 1", "");
        Either<Failure, Passed> r = run(s, ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
        assertTrue(r.isRight(), () -> r.getLeft().report());
        assertTrue(r.get().notApplicable().exists(n -> n.contains("MSG_ZEROCOPY")), r.get().toString());
    }
}
