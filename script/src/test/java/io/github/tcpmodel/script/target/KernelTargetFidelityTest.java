package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.script.ScriptParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The kernel target's Python blocks with the kernel's tcp_info, and how it tells a call the kernel blocks from one
 * the machine has not yet run: by the worker thread's task state, not by the wall clock alone.
 */
class KernelTargetFidelityTest {

    static final String HANDSHAKE = String.join("\n",
            RunnerFidelityTest.ACCEPTED,
            "+0 %{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%",
            "+0 %{ assert tcpi_snd_mss == 1000, tcpi_snd_mss }%",
            "+0 write(4, ..., 100) = 100",
            "+0 > P. 1:101(100) ack 1",
            "+0 %{ assert tcpi_unacked == 1, tcpi_unacked }%",
            "");

    // The fields at their offsets in struct tcp_info, little- or big-endian as the machine is; a field past the
    // length the kernel filled is left out rather than read as zero.
    @Test
    void tcpInfoIsDecodedAtItsOffsets() {
        ByteBuffer b = ByteBuffer.allocate(TcpInfoBlocks.SIZE).order(ByteOrder.nativeOrder());
        b.put(0, (byte) 1).put(1, (byte) 3).put(6, (byte) 0x87).put(7, (byte) 1);
        b.putInt(8, 204_000).putInt(16, 1000).putInt(24, 7).putInt(80, 10).putInt(76, 0x7fffffff);
        b.putLong(176, 12_345L).putInt(192, 42);
        Map<String, Long> all = TcpInfoBlocks.decode(b.array(), 248);
        assertEquals(1L, all.get("tcpi_state"));
        assertEquals(3L, all.get("tcpi_ca_state"));
        assertEquals(7L, all.get("tcpi_snd_wscale"));
        assertEquals(8L, all.get("tcpi_rcv_wscale"));
        assertEquals(1L, all.get("tcpi_delivery_rate_app_limited"));
        assertEquals(204_000L, all.get("tcpi_rto"));
        assertEquals(1000L, all.get("tcpi_snd_mss"));
        assertEquals(7L, all.get("tcpi_unacked"));
        assertEquals(10L, all.get("tcpi_snd_cwnd"));
        assertEquals(0x7fffffffL, all.get("tcpi_snd_ssthresh"));
        assertEquals(12_345L, all.get("tcpi_rwnd_limited"));
        assertEquals(42L, all.get("tcpi_delivered"));
        Map<String, Long> old = TcpInfoBlocks.decode(b.array(), 104);
        assertEquals(10L, old.get("tcpi_snd_cwnd"));
        assertFalse(old.containsKey("tcpi_delivered"), "a field past the kernel's length is not defined");
        assertEquals(TcpInfoBlocks.SYMBOLS.get("TCP_ESTABLISHED"), all.get("tcpi_state"));
        assertEquals(3L, TcpInfoBlocks.SYMBOLS.get("TCP_CA_Recovery"));
    }

    @Test
    void pythonBlocksCompareTheKernelsTcpInfo() {
        if (LinuxTarget.unavailable().isDefined() || !LinuxTarget.PYTHON) {
            return;
        }
        ScriptResult r = LinuxTarget.play(ScriptParser.parse("info.pkt", HANDSHAKE).get(), "info.pkt", "linux");
        assertEquals(ScriptResult.Verdict.PASSED, r.verdict(), r.detail());
        assertTrue(r.notApplicable().isEmpty(), r.notApplicable().mkString("; "));
        ScriptResult wrong = LinuxTarget.play(ScriptParser.parse("info.pkt",
                HANDSHAKE.replace("tcpi_unacked == 1", "tcpi_unacked == 2")).get(), "info.pkt", "linux");
        assertEquals(ScriptResult.Verdict.FAILED, wrong.verdict(), wrong.detail());
        assertTrue(wrong.detail().contains("line 12: AssertionError: 1"), wrong.detail());
    }

    static final String INQ = String.join("\n",
            RunnerFidelityTest.ACCEPTED,
            "+0 setsockopt(4, SOL_TCP, TCP_INQ, [1], 4) = 0",
            "+0 < P. 1:1001(1000) ack 1 win 65535",
            "* > . 1:1(0) ack 1001",
            "+0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 400}], msg_flags=0,",
            "      msg_control=[{cmsg_level=SOL_TCP, cmsg_type=TCP_CM_INQ, cmsg_data=600}]}, 0) = 400",
            "+0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=0}, MSG_ERRQUEUE) = -1 EAGAIN",
            "");

    // recvmsg(2) as written, its control messages compared: TCP_CM_INQ says what is left to read (600 of 1000
    // after 400), and the error queue of a connection that sent nothing with MSG_ZEROCOPY is empty.
    @Test
    void recvmsgComparesTheKernelsControlMessages() {
        if (LinuxTarget.unavailable().isDefined()) {
            return;
        }
        ScriptResult r = LinuxTarget.play(ScriptParser.parse("inq.pkt", INQ).get(), "inq.pkt", "linux");
        assertEquals(ScriptResult.Verdict.PASSED, r.verdict(), r.detail());
        assertTrue(r.notApplicable().isEmpty(), r.notApplicable().mkString("; "));
        ScriptResult wrong = LinuxTarget.play(ScriptParser.parse("inq.pkt", INQ.replace("cmsg_data=600",
                "cmsg_data=500")).get(), "inq.pkt", "linux");
        assertEquals(ScriptResult.Verdict.FAILED, wrong.verdict(), wrong.detail());
        assertTrue(wrong.detail().contains("recvmsg gave cmsg_data=600"), wrong.detail());
        ScriptResult level = LinuxTarget.play(ScriptParser.parse("inq.pkt", INQ.replace("cmsg_level=SOL_TCP",
                "cmsg_level=SOL_SOCKET")).get(), "inq.pkt", "linux");
        assertEquals(ScriptResult.Verdict.FAILED, level.verdict(), level.detail());
        assertTrue(level.detail().contains("of level 6 and type 36"), level.detail());
    }

    // A thread in accept(2) is blocked by the kernel; a thread parked on a lock (a futex) or running is not.
    @Test
    void aCallIsBlockedWhenItsThreadSleepsInTheSocketCall() throws Exception {
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/task"))) {
            return;
        }
        assertTrue(LinuxTarget.kernelBlocks(0), "no task id: the wall clock's answer, blocked");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            AtomicInteger acceptTid = new AtomicInteger();
            Thread accepting = new Thread(() -> {
                acceptTid.set(SocketLibrary.C.gettid());
                try {
                    server.accept().close();
                } catch (IOException e) {
                    // Closed by the test.
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger parkedTid = new AtomicInteger();
            Thread parked = new Thread(() -> {
                parkedTid.set(SocketLibrary.C.gettid());
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            parked.setDaemon(true);
            parked.start();
            long until = System.nanoTime() + 30_000_000_000L;
            while ((acceptTid.get() == 0 || !LinuxTarget.kernelBlocks(acceptTid.get()))
                    && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertTrue(LinuxTarget.kernelBlocks(acceptTid.get()), "a thread in accept(2) is blocked by the kernel");
            while (parkedTid.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertFalse(LinuxTarget.kernelBlocks(parkedTid.get()), "a thread on a futex is not in a socket call");
            assertFalse(LinuxTarget.kernelBlocks(SocketLibrary.C.gettid()), "the running thread is not blocked");
            never.countDown();
            server.close();
            accepting.join(10_000);
            parked.join(10_000);
        }
    }
}
