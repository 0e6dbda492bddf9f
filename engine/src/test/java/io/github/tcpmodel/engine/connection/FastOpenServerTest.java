package io.github.tcpmodel.engine.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.codec.TcpOptions;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.monitor.MonitorDivergence;
import io.github.tcpmodel.table.TcpState;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// RFC 7413 §4.2: the engine as a TCP Fast Open server, under the conformance monitor, which must find nothing.
class FastOpenServerTest {

    private static final int LOCAL = 0x0a000001;
    private static final int PEER = 0x0a000002;
    private static final int PEER_ISN = 1_000_000;
    private static final String KEY = "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4";

    private final VirtualClock clock = new VirtualClock();
    private final List<Packet> sent = new ArrayList<>();
    private final Link link = new Link() {
        @Override
        public void send(byte[] packet) {
            sent.add(((Decoded.Ok) Codec.decode(packet)).segment());
        }

        @Override
        public int receive(PacketReceiver receiver, int max) {
            return 0;
        }
    };
    private ConformanceMonitor monitor;
    private TcpStack stack;

    private Listener listen(ConnectionConfig config, int queue) {
        clock.advanceBy(1000);
        stack = new TcpStack(clock, link, LOCAL, config, 7);
        stack.fastOpenKey(FastOpenCookies.ofText(KEY));
        monitor = new ConformanceMonitor(config);
        stack.observe(monitor);
        Listener l = stack.listen(80);
        l.fastOpen(queue);
        return l;
    }

    @AfterEach
    void noDivergence() {
        if (monitor != null) {
            monitor.finish();
            List<MonitorDivergence> none = List.of();
            assertEquals(none, monitor.divergences());
        }
    }

    private void inject(int seq, int ack, int flags, TcpOptions options, byte[] text) {
        clock.advanceBy(10);
        stack.packetArrives(Codec.encode(new Packet(PEER, LOCAL, 40000, 80, seq, ack, flags, 65535, 0, options,
                text)));
    }

    private Packet last() {
        return sent.get(sent.size() - 1);
    }

    private byte[] validCookie() {
        return FastOpenCookies.ofText(KEY).cookie(new byte[] {10, 0, 0, 2}, new byte[] {10, 0, 0, 1});
    }

    @Test
    void cookiesAreLinuxsSipHashOfTheTwoAddresses() {
        // The key and the cookie packetdrill's scripts expect of a kernel for 192.0.2.1 -> 192.168.0.1, and for
        // 10.248.0.2 -> 192.168.0.2 under another key (RFC 7413 §4.1.2: the server's MAC of the client's address).
        assertEquals("3021b9d889017eeb", HexFormat.of().formatHex(FastOpenCookies.ofText(KEY)
                .cookie(new byte[] {(byte) 192, 0, 2, 1}, new byte[] {(byte) 192, (byte) 168, 0, 1})));
        assertEquals("00abaaabe8e954c2", HexFormat.of().formatHex(FastOpenCookies.ofText(
                "a0bf63f7-ed803d81-cd641d30-cebc4a90").cookie(new byte[] {10, (byte) 248, 0, 2},
                new byte[] {(byte) 192, (byte) 168, 0, 2})));
        // SipHash-2-4's reference vector: key 00..0f, message 00..0e.
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, FastOpenCookies.sipHash24(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, m));
    }

    @Test
    void aCookieRequestIsAnsweredWithTheCookieInTheRequestsKind() {
        for (boolean experimental : new boolean[] {false, true}) {
            sent.clear();
            Listener l = listen(ConnectionConfig.linux(), 16);
            inject(PEER_ISN, 0, Flags.SYN, TcpOptions.mssOnly(1460).withFastOpen(new byte[0], experimental),
                    Packet.EMPTY);
            Packet synAck = last();
            assertTrue(synAck.has(Flags.SYN | Flags.ACK));
            assertEquals(PEER_ISN + 1, synAck.ack());
            assertArrayEquals(validCookie(), synAck.options().fastOpen());
            assertEquals(experimental, synAck.options().fastOpenExperimental());
            assertEquals(1, l.fastOpenCookiesSent());
            assertEquals(0, l.pending());
            monitor.finish();
            assertEquals(List.of(), monitor.divergences());
        }
    }

    @Test
    void theTextOfASynWithTheValidCookieIsTheUsersAtOnce() {
        Listener l = listen(ConnectionConfig.linux(), 16);
        byte[] text = "hello, fast open".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        inject(PEER_ISN, 0, Flags.SYN, TcpOptions.mssOnly(1460).withFastOpen(validCookie(), false), text);
        Packet synAck = last();
        // RFC 7413 §4.2.2: the SYN,ACK acknowledges the SYN and the text, and carries no cookie (the client has it).
        assertEquals(PEER_ISN + 1 + text.length, synAck.ack());
        assertNull(synAck.options().fastOpen());
        assertEquals(1, l.fastOpenAccepted());
        Connection c = l.accept().get();
        assertEquals(TcpState.SYN_RECEIVED, c.tcpState());
        byte[] got = new byte[64];
        assertEquals(text.length, c.read(got, 0, got.length));
        assertArrayEquals(text, java.util.Arrays.copyOf(got, text.length));
        // The server answers before the handshake completes (§3).
        assertEquals(5, c.write(new byte[5]));
        Packet reply = last();
        assertEquals(5, reply.payload().length);
        assertEquals(synAck.seq() + 1, reply.seq());
        // The client's ACK of the SYN,ACK and of the reply completes the handshake; the connection is not queued
        // a second time.
        inject(PEER_ISN + 1 + text.length, synAck.seq() + 1 + 5, Flags.ACK, TcpOptions.NONE, Packet.EMPTY);
        assertEquals(TcpState.ESTABLISHED, c.tcpState());
        assertEquals(0, c.unacknowledged());
        assertTrue(l.accept().isEmpty());
    }

    @Test
    void anInvalidCookieGetsTheValidOneAndTheTextIsNotTaken() {
        Listener l = listen(ConnectionConfig.linux(), 16);
        byte[] wrong = validCookie();
        wrong[0] ^= 1;
        inject(PEER_ISN, 0, Flags.SYN, TcpOptions.mssOnly(1460).withFastOpen(wrong, true), new byte[10]);
        Packet synAck = last();
        assertEquals(PEER_ISN + 1, synAck.ack());
        assertArrayEquals(validCookie(), synAck.options().fastOpen());
        assertEquals(0, l.fastOpenAccepted());
        assertTrue(l.accept().isEmpty());
        // Linux (Profile#synTextDiscarded) discards the text; the client sends it again after the handshake.
        inject(PEER_ISN + 1, synAck.seq() + 1, Flags.ACK, TcpOptions.NONE, Packet.EMPTY);
        Connection c = l.accept().get();
        assertEquals(0, c.available());
        inject(PEER_ISN + 1, synAck.seq() + 1, Flags.ACK, TcpOptions.NONE, new byte[10]);
        assertEquals(10, c.available());
    }

    @Test
    void theQueueBoundsPendingFastOpenConnections() {
        Listener l = listen(ConnectionConfig.linux(), 1);
        inject(PEER_ISN, 0, Flags.SYN, TcpOptions.mssOnly(1460).withFastOpen(validCookie(), false), new byte[4]);
        assertEquals(1, l.fastOpenAccepted());
        // A second client while the first is pending: served without Fast Open, and handed no cookie (§5.1).
        clock.advanceBy(10);
        stack.packetArrives(Codec.encode(new Packet(PEER, LOCAL, 40001, 80, PEER_ISN, 0, Flags.SYN, 65535, 0,
                TcpOptions.mssOnly(1460).withFastOpen(validCookie(), false), new byte[4])));
        assertEquals(PEER_ISN + 1, last().ack());
        assertFalse(last().options().hasFastOpen());
        assertEquals(1, l.fastOpenAccepted());
    }

    @Test
    void withoutACookieRequiredEveryDataSynIsTaken() {
        Listener l = listen(ConnectionConfig.linux(), 16);
        stack.fastOpenCookieRequired(false);
        inject(PEER_ISN, 0, Flags.SYN, TcpOptions.mssOnly(1460), new byte[7]);
        assertEquals(PEER_ISN + 8, last().ack());
        assertFalse(last().options().hasFastOpen());
        assertEquals(7, l.accept().get().available());
    }

    @Test
    void withoutTheQueueASynIsServedAsWithoutFastOpen() {
        Listener l = listen(ConnectionConfig.linux(), 0);
        inject(PEER_ISN, 0, Flags.SYN, TcpOptions.mssOnly(1460).withFastOpen(validCookie(), false), new byte[4]);
        assertEquals(PEER_ISN + 1, last().ack());
        assertFalse(last().options().hasFastOpen());
        assertEquals(0, l.fastOpenAccepted());
    }

    @Test
    void theReferenceProfileHasNoFastOpen() {
        clock.advanceBy(1000);
        TcpStack s = new TcpStack(clock, link, LOCAL, ConnectionConfig.rfc9293(), 7);
        Listener l = s.listen(80);
        assertThrows(IllegalStateException.class, () -> l.fastOpen(16));
    }
}
