package io.github.tcpmodel.linux.netns;

import static io.github.tcpmodel.linux.netns.TestPacket.ACK;
import static io.github.tcpmodel.linux.netns.TestPacket.FIN;
import static io.github.tcpmodel.linux.netns.TestPacket.PSH;
import static io.github.tcpmodel.linux.netns.TestPacket.RST;
import static io.github.tcpmodel.linux.netns.TestPacket.SYN;
import static io.github.tcpmodel.linux.netns.TestPacket.mssOption;
import static io.github.tcpmodel.linux.netns.Wire.ENGINE;
import static io.github.tcpmodel.linux.netns.Wire.KERNEL;
import static io.github.tcpmodel.linux.netns.Wire.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KernelTcpTest {

    private static final byte[] NONE = new byte[0];

    private static long plus(long seq, long n) {
        return (seq + n) & 0xffffffffL;
    }

    private record Established(SocketChannel accepted, long engineNext, long kernelNext) {
    }

    /** Engine-side handshake with a kernel listener; returns the accepted socket and both RCV.NXT values. */
    private static Established establish(Wire w, ServerSocketChannel server, int kernelPort, int enginePort,
                                         long isn) throws Exception {
        w.send(enginePort, kernelPort, isn, 0, SYN, mssOption(1460), NONE);
        TestPacket.Parsed synAck = w.expect(kernelPort, enginePort);
        assertTrue(synAck.is(SYN | ACK), synAck.describe());
        w.send(enginePort, kernelPort, plus(isn, 1), plus(synAck.seq(), 1), ACK);
        assertEquals(TcpState.ESTABLISHED, w.awaitState(kernelPort, enginePort, TcpState.ESTABLISHED));
        return new Established(server.accept(), plus(isn, 1), plus(synAck.seq(), 1));
    }

    // ---- kernel as the passive side ----

    @Test
    void listenerHandshakeDataAndActiveCloseEndInTimeWait() throws Exception {
        try (Wire w = Wire.open("listener-handshake-data-close")) {
            ServerSocketChannel server = ok(w.ns.listen(KERNEL, 5001, 8));
            assertEquals(TcpState.LISTEN, w.state(5001, 0));

            long isn = 4_000_000_000L;
            w.send(40001, 5001, isn, 0, SYN, mssOption(1400), NONE);
            TestPacket.Parsed synAck = w.expect(5001, 40001);
            assertTrue(synAck.is(SYN | ACK), synAck.describe());
            assertEquals(plus(isn, 1), synAck.ack());
            assertEquals(1460, synAck.mss());
            assertEquals(TcpState.SYN_RECEIVED, w.state(5001, 40001));

            long k = plus(synAck.seq(), 1);
            w.send(40001, 5001, plus(isn, 1), k, ACK);
            assertEquals(TcpState.ESTABLISHED, w.awaitState(5001, 40001, TcpState.ESTABLISHED));
            SocketChannel accepted = server.accept();
            assertEquals(new InetSocketAddress(ENGINE, 40001), accepted.getRemoteAddress());

            byte[] hello = "hello, kernel".getBytes(StandardCharsets.US_ASCII);
            w.send(40001, 5001, plus(isn, 1), k, ACK | PSH, NONE, hello);
            TestPacket.Parsed dataAck = w.expect(5001, 40001);
            assertTrue(dataAck.is(ACK), dataAck.describe());
            assertEquals(plus(isn, 1 + hello.length), dataAck.ack());
            ByteBuffer got = ByteBuffer.allocate(64);
            accepted.read(got);
            assertArrayEquals(hello, java.util.Arrays.copyOf(got.array(), got.position()));

            byte[] reply = "hello, engine".getBytes(StandardCharsets.US_ASCII);
            accepted.write(ByteBuffer.wrap(reply));
            TestPacket.Parsed data = w.expect(5001, 40001);
            assertEquals(k, data.seq());
            assertArrayEquals(reply, data.payload());
            long e = plus(isn, 1 + hello.length);
            k = plus(k, reply.length);
            w.send(40001, 5001, e, k, ACK);

            accepted.close();
            TestPacket.Parsed fin = w.expect(5001, 40001);
            assertTrue(fin.is(FIN | ACK), fin.describe());
            assertEquals(k, fin.seq());
            assertEquals(TcpState.FIN_WAIT_1, w.state(5001, 40001));

            w.send(40001, 5001, e, plus(k, 1), ACK);
            assertEquals(TcpState.FIN_WAIT_2, w.awaitState(5001, 40001, TcpState.FIN_WAIT_2));

            w.send(40001, 5001, e, plus(k, 1), FIN | ACK);
            TestPacket.Parsed lastAck = w.expect(5001, 40001);
            assertTrue(lastAck.is(ACK), lastAck.describe());
            assertEquals(plus(e, 1), lastAck.ack());
            assertEquals(TcpState.TIME_WAIT, w.awaitState(5001, 40001, TcpState.TIME_WAIT));

            // time-wait-60s: Linux holds TIME-WAIT for a fixed 60 s, not 2 MSL.
            KernelSocket.Timer timer = w.socket(5001, 40001).flatMap(KernelSocket::timer).get();
            assertEquals("timewait", timer.name());
            assertTrue(timer.remaining().compareTo(Duration.ofSeconds(50)) > 0, timer.toString());
            assertTrue(timer.remaining().compareTo(Duration.ofSeconds(60)) <= 0, timer.toString());
        }
    }

    @Test
    void synToClosedPortIsAnsweredWithRstAck() throws Exception {
        try (Wire w = Wire.open("closed-port-rst")) {
            long isn = 77;
            w.send(40002, 5999, isn, 0, SYN, mssOption(1460), NONE);
            TestPacket.Parsed rst = w.expect(5999, 40002);
            // RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, the SYN counting as one.
            assertTrue(rst.is(RST | ACK), rst.describe());
            assertEquals(0, rst.seq());
            assertEquals(plus(isn, 1), rst.ack());
            assertEquals(TcpState.CLOSED, w.state(5999, 40002));
        }
    }

    @Test
    void strayAckToListenerIsAnsweredWithRstAtItsAck() throws Exception {
        try (Wire w = Wire.open("listener-stray-ack")) {
            ok(w.ns.listen(KERNEL, 5003, 8));
            w.send(40003, 5003, 1000, 123_456_789L, ACK);
            TestPacket.Parsed rst = w.expect(5003, 40003);
            // RFC 9293 §3.10.7.2: an ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>.
            assertTrue(rst.is(RST), rst.describe());
            assertEquals(123_456_789L, rst.seq());
            assertEquals(TcpState.LISTEN, w.state(5003, 0));
        }
    }

    @Test
    void closeWithUnreadDataSendsRstAck() throws Exception {
        try (Wire w = Wire.open("close-unread-rst")) {
            ServerSocketChannel server = ok(w.ns.listen(KERNEL, 5004, 8));
            Established c = establish(w, server, 5004, 40004, 9000);
            byte[] unread = "never read".getBytes(StandardCharsets.US_ASCII);
            w.send(40004, 5004, c.engineNext(), c.kernelNext(), ACK | PSH, NONE, unread);
            TestPacket.Parsed ack = w.expect(5004, 40004);
            assertEquals(plus(c.engineNext(), unread.length), ack.ack());
            assertEquals(unread.length, w.socket(5004, 40004).get().recvQ());

            c.accepted().close();
            // rst-on-close-with-unread-data: RFC 9293 would send a FIN; Linux resets (RFC 2525 §2.17).
            TestPacket.Parsed rst = w.expect(5004, 40004);
            assertTrue(rst.is(RST | ACK), rst.describe());
            assertEquals(c.kernelNext(), rst.seq());
            assertEquals(TcpState.CLOSED, w.state(5004, 40004));
        }
    }

    @Test
    void inWindowRstWithWrongSeqGetsChallengeAckAndExactRstAborts() throws Exception {
        try (Wire w = Wire.open("challenge-ack")) {
            ServerSocketChannel server = ok(w.ns.listen(KERNEL, 5005, 8));
            Established c = establish(w, server, 5005, 40005, 5);
            // challenge-acks: RFC 9293 §3.10.7.4 (RFC 5961 §3.2) answers a RST that is in the window but not at
            // RCV.NXT with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and keeps the connection.
            w.send(40005, 5005, plus(c.engineNext(), 100), 0, RST);
            TestPacket.Parsed challenge = w.expect(5005, 40005);
            assertTrue(challenge.is(ACK), challenge.describe());
            assertEquals(c.engineNext(), challenge.ack());
            assertEquals(c.kernelNext(), challenge.seq());
            assertEquals(TcpState.ESTABLISHED, w.state(5005, 40005));

            w.send(40005, 5005, c.engineNext(), 0, RST);
            assertEquals(TcpState.CLOSED, w.awaitState(5005, 40005, TcpState.CLOSED));
            ByteBuffer buf = ByteBuffer.allocate(8);
            IOException reset = assertThrows(IOException.class, () -> c.accepted().read(buf));
            assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
        }
    }

    @Test
    void synToTimeWaitReopensOnlyWithAHigherIsn() throws Exception {
        try (Wire w = Wire.open("time-wait-reopen")) {
            ServerSocketChannel server = ok(w.ns.listen(KERNEL, 5008, 8));
            Established c = establish(w, server, 5008, 40008, 70_000);
            c.accepted().close();
            TestPacket.Parsed fin = w.expect(5008, 40008);
            assertTrue(fin.is(FIN | ACK), fin.describe());
            // Our FIN and the ACK of theirs in one segment: FIN-WAIT-1 goes straight to TIME-WAIT.
            w.send(40008, 5008, c.engineNext(), plus(c.kernelNext(), 1), FIN | ACK);
            assertTrue(w.expect(5008, 40008).is(ACK));
            assertEquals(TcpState.TIME_WAIT, w.awaitState(5008, 40008, TcpState.TIME_WAIT));

            // An old duplicate SYN (ISN below the last RCV.NXT) only gets TIME-WAIT's ACK.
            w.send(40008, 5008, c.engineNext() - 5_000, 0, SYN, mssOption(1460), NONE);
            TestPacket.Parsed old = w.expect(5008, 40008);
            assertTrue(old.is(ACK), old.describe());
            assertEquals(plus(c.engineNext(), 1), old.ack());
            assertEquals(TcpState.TIME_WAIT, w.state(5008, 40008));

            // time-wait-reopen: RFC 9293 §3.6.1 (MAY-2) lets a SYN with a higher ISN reopen from TIME-WAIT.
            long newIsn = plus(c.engineNext(), 100_000);
            w.send(40008, 5008, newIsn, 0, SYN, mssOption(1460), NONE);
            TestPacket.Parsed synAck = w.expect(5008, 40008);
            assertTrue(synAck.is(SYN | ACK), synAck.describe());
            assertEquals(plus(newIsn, 1), synAck.ack());
            // MAY-2 (1): the new ISN lies beyond every sequence number of the old incarnation (its FIN included).
            long beyond = (synAck.seq() - plus(c.kernelNext(), 1)) & 0xffffffffL;
            assertTrue(beyond > 0 && beyond < (1L << 31), "new ISN " + synAck.seq() + " after " + c.kernelNext());
            assertEquals(TcpState.SYN_RECEIVED, w.state(5008, 40008));
        }
    }

    // ---- kernel as the active side ----

    @Test
    void kernelSynCarriesItsOptionsAndWrongSynAckGetsRstWhileSynSentThenRetriesEnd() throws Exception {
        try (Wire w = Wire.open("client-syn-retries")) {
            assertEquals("1", ok(w.ns.sysctl("net.ipv4.tcp_syn_retries", "1")));
            SocketChannel client = ok(w.ns.socket());
            client.bind(new InetSocketAddress(KERNEL, 45006));
            client.configureBlocking(false);
            assertFalse(client.connect(new InetSocketAddress(ENGINE, 6006)));

            TestPacket.Parsed syn = w.expect(45006, 6006);
            assertTrue(syn.is(SYN), syn.describe());
            assertEquals(1460, syn.mss());
            assertTrue(syn.hasOption(4), "SACK permitted");
            assertTrue(syn.hasOption(8), "timestamps");
            assertTrue(syn.hasOption(3), "window scale");
            assertEquals(TcpState.SYN_SENT, w.state(45006, 6006));

            long wrongAck = plus(syn.seq(), 1000);
            w.send(6006, 45006, 31, wrongAck, SYN | ACK, mssOption(1460), NONE);
            TestPacket.Parsed rst = w.expect(45006, 6006);
            // RFC 9293 §3.10.7.3: an unacceptable ACK in SYN-SENT gets <SEQ=SEG.ACK><CTL=RST>; the state stays.
            assertTrue(rst.is(RST), rst.describe());
            assertEquals(wrongAck, rst.seq());
            assertEquals(TcpState.SYN_SENT, w.state(45006, 6006));

            // Linux re-arms the SYN timer at its minimum after a bad SYN,ACK ("a previous FIN/ACK or RST/ACK
            // might be ignored"), so a retransmitted SYN follows almost at once, with the same ISN.
            // syn-retries: with net.ipv4.tcp_syn_retries=1 the kernel then retransmits on its timer and gives up
            // after the budget of one retry, instead of RFC 9293's user timeout.
            int retransmitted = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            IOException failure = null;
            while (failure == null && System.nanoTime() < deadline) {
                Option<TestPacket.Parsed> again = w.next(45006, 6006, Duration.ofMillis(50));
                if (again.isDefined()) {
                    assertTrue(again.get().is(SYN), again.get().describe());
                    assertEquals(syn.seq(), again.get().seq());
                    retransmitted++;
                }
                try {
                    client.finishConnect();
                } catch (IOException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null, "the connect gave up within 8 s");
            assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
            assertTrue(retransmitted >= 1 && retransmitted <= 3, retransmitted + " retransmitted SYNs");
            assertEquals(TcpState.CLOSED, w.state(45006, 6006));
        }
    }

    @Test
    void perNamespaceSysctlsShapeTheKernelsSyn() throws Exception {
        try (Wire w = Wire.open("client-syn-without-options")) {
            assertEquals("0", ok(w.ns.sysctl("net.ipv4.tcp_timestamps", "0")));
            assertEquals("0", ok(w.ns.sysctl("net.ipv4.tcp_sack", "0")));
            assertEquals("0", ok(w.ns.sysctl("net.ipv4.tcp_window_scaling", "0")));
            SocketChannel client = ok(w.ns.socket());
            client.bind(new InetSocketAddress(KERNEL, 45009));
            client.configureBlocking(false);
            client.connect(new InetSocketAddress(ENGINE, 6009));
            TestPacket.Parsed syn = w.expect(45009, 6009);
            assertTrue(syn.is(SYN), syn.describe());
            assertEquals(1460, syn.mss());
            assertFalse(syn.hasOption(4), "no SACK permitted");
            assertFalse(syn.hasOption(8), "no timestamps");
            assertFalse(syn.hasOption(3), "no window scale");
        }
    }

    @Test
    void orphanedFinWait2IsHeldForFinTimeoutOnly() throws Exception {
        try (Wire w = Wire.open("client-fin-wait-2-timeout")) {
            assertEquals("7", ok(w.ns.sysctl("net.ipv4.tcp_fin_timeout", "7")));
            SocketChannel client = ok(w.ns.socket());
            client.bind(new InetSocketAddress(KERNEL, 45007));
            client.configureBlocking(false);
            client.connect(new InetSocketAddress(ENGINE, 6007));
            TestPacket.Parsed syn = w.expect(45007, 6007);
            long e = 500;
            long k = plus(syn.seq(), 1);
            w.send(6007, 45007, e, k, SYN | ACK, mssOption(1460), NONE);
            TestPacket.Parsed ack = w.expect(45007, 6007);
            assertTrue(ack.is(ACK), ack.describe());
            assertTrue(client.finishConnect());
            assertEquals(TcpState.ESTABLISHED, w.state(45007, 6007));

            client.close();
            TestPacket.Parsed fin = w.expect(45007, 6007);
            assertTrue(fin.is(FIN | ACK), fin.describe());
            w.send(6007, 45007, plus(e, 1), plus(k, 1), ACK);
            assertEquals(TcpState.FIN_WAIT_2, w.awaitState(45007, 6007, TcpState.FIN_WAIT_2));
            // fin-wait-2-timeout: RFC 9293 waits in FIN-WAIT-2 for the peer's FIN indefinitely; Linux drops an
            // orphaned connection after net.ipv4.tcp_fin_timeout.
            Option<KernelSocket.Timer> timer = w.socket(45007, 6007).flatMap(KernelSocket::timer);
            assertTrue(timer.isDefined(), "a FIN-WAIT-2 timer");
            assertTrue(timer.get().remaining().compareTo(Duration.ofSeconds(7)) <= 0, timer.toString());
            assertTrue(timer.get().remaining().compareTo(Duration.ZERO) > 0, timer.toString());
        }
    }
}
