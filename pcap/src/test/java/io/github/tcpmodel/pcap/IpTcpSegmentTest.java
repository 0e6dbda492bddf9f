package io.github.tcpmodel.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IpTcpSegmentTest {

    /** A 20-octet TCP header with {@code options} (padded to 32 bits) and {@code payload} octets after it. */
    static byte[] tcp(int seq, int ack, int flags, byte[] options, int payload) {
        int optLen = (options.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(20 + optLen + payload);
        b.putShort((short) 40000).putShort((short) 80).putInt(seq).putInt(ack)
                .put((byte) (((20 + optLen) / 4) << 4)).put((byte) flags).putShort((short) 512).putShort((short) 0)
                .putShort((short) 0).put(options);
        return b.array();
    }

    static byte[] ipv6(int nextHeader, byte[] extensions, byte[] tcp, int payloadLengthField) {
        ByteBuffer b = ByteBuffer.allocate(40 + extensions.length + tcp.length);
        b.putInt(0x60000000).putShort((short) payloadLengthField).put((byte) nextHeader).put((byte) 64);
        b.putLong(0x20010db800000000L).putLong(1L);
        b.putLong(0x20010db800000000L).putLong(0x0000000100000000L);
        b.put(extensions).put(tcp);
        return b.array();
    }

    static byte[] ipv4(byte[] tcp, int totalField, int fragment) {
        ByteBuffer b = ByteBuffer.allocate(20 + tcp.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) totalField).putShort((short) 0x1234)
                .putShort((short) fragment).put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(0x0a000001).putInt(0x0a000002).put(tcp);
        return b.array();
    }

    @Test
    void ipv4FieldsAndOptions() {
        byte[] opts = {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9, 1, 3, 3, 7};
        byte[] t = tcp(1000, 0, 0x02, opts, 0);
        IpTcpSegment s = IpTcpSegment.decode(ipv4(t, 20 + t.length, 0x4000), 0).get();
        assertEquals(4, s.version());
        assertEquals("10.0.0.1:40000", s.source());
        assertEquals("10.0.0.2:80", s.destination());
        assertEquals(0x1234, s.ipId());
        assertEquals(1000, s.seq());
        assertEquals(0x02, s.flags());
        assertEquals(0, s.payloadLength());
        assertEquals(1460, s.options().mss());
        assertEquals(7, s.options().windowScale());
        assertTrue(s.options().sackPermitted());
        assertEquals(7, s.options().tsVal());
        assertEquals(9, s.options().tsEcr());
        assertFalse(s.options().malformed());
        assertEquals(20, s.options().raw().length);
    }

    @Test
    void sackBlocksAndAMalformedListAreParsed() {
        byte[] opts = {1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40};
        TcpHeaderOptions o = TcpHeaderOptions.parse(opts, 0, opts.length);
        assertArrayEquals(new long[] {10, 20, 30, 40}, o.sackBlocks());
        TcpHeaderOptions bad = TcpHeaderOptions.parse(new byte[] {2, 9, 0, 0}, 0, 4);
        assertTrue(bad.malformed());
        assertEquals(-1, bad.mss());
    }

    @Test
    void ipv4FragmentsAreNotSegments() {
        byte[] t = tcp(1, 0, 0x10, new byte[0], 10);
        assertTrue(IpTcpSegment.decode(ipv4(t, 20 + t.length, 0x2000), 0).isEmpty());
        assertTrue(IpTcpSegment.decode(ipv4(t, 20 + t.length, 0x0001), 0).isEmpty());
    }

    @Test
    void ipv4TotalLengthZeroTakesTheRecordLength() {
        byte[] t = tcp(1, 2, 0x10, new byte[0], 0);
        byte[] ip = ipv4(t, 0, 0x4000);
        IpTcpSegment s = IpTcpSegment.decode(ip, 20 + 20 + 80_000).get();
        assertEquals(80_000, s.payloadLength());
        assertEquals(IpTcpSegment.LengthSource.RECORD, s.lengthInferred());
    }

    @Test
    void ipv6WithExtensionHeaders() {
        byte[] t = tcp(5, 6, 0x18, new byte[0], 100);
        // hop-by-hop (8 octets) -> destination options (16 octets) -> fragment header, first and only -> TCP
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(new byte[] {60, 0, 1, 4, 0, 0, 0, 0});
        ext.writeBytes(new byte[] {44, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        ext.writeBytes(new byte[] {6, 0, 0, 0, 0, 0, 0, 1});
        byte[] e = ext.toByteArray();
        IpTcpSegment s = IpTcpSegment.decode(ipv6(0, e, t, e.length + t.length), 0).get();
        assertEquals(6, s.version());
        assertEquals(100, s.payloadLength());
        assertEquals(-1, s.ipId());
        assertEquals("[2001:db8::1]:40000", s.source());
        assertEquals("[2001:db8::1:0:0]:80", s.destination());
        assertEquals(0x18, s.flags());
    }

    @Test
    void ipv6FragmentsAndOtherProtocolsAreNotSegments() {
        byte[] t = tcp(5, 6, 0x18, new byte[0], 100);
        byte[] more = {6, 0, 0, 1, 0, 0, 0, 1};  // M flag
        assertTrue(IpTcpSegment.decode(ipv6(44, more, t, 8 + t.length), 0).isEmpty());
        byte[] later = {6, 0, 0, 8, 0, 0, 0, 1};  // offset 1
        assertTrue(IpTcpSegment.decode(ipv6(44, later, t, 8 + t.length), 0).isEmpty());
        assertTrue(IpTcpSegment.decode(ipv6(17, new byte[0], t, t.length), 0).isEmpty());
        // IPv4 in IPv6 (next header 4) is out of scope: not a segment
        assertTrue(IpTcpSegment.decode(ipv6(4, new byte[0], ipv4(t, 20 + t.length, 0), 20 + t.length), 0)
                .isEmpty());
    }

    @Test
    void ipv6JumboPayloadAndZeroLength() {
        byte[] t = tcp(5, 6, 0x10, new byte[0], 0);
        byte[] hbh = {6, 0, (byte) 0xC2, 4, 0, 1, 0x38, (byte) 0x94};  // jumbo 80020
        IpTcpSegment j = IpTcpSegment.decode(ipv6(0, hbh, t, 0), 0).get();
        assertEquals(IpTcpSegment.LengthSource.JUMBO, j.lengthInferred());
        assertEquals(80_020 - 8 - 20, j.payloadLength());
        IpTcpSegment z = IpTcpSegment.decode(ipv6(6, new byte[0], t, 0), 40 + 20 + 70_000).get();
        assertEquals(IpTcpSegment.LengthSource.RECORD, z.lengthInferred());
        assertEquals(70_000, z.payloadLength());
    }

    @Test
    void addressesAreWrittenInRfc5952Form() {
        assertEquals("[::1]:1", IpTcpSegment.address(0, 1, 1));
        assertEquals("[2001:db8::]:2", IpTcpSegment.address(0x20010db800000000L, 0, 2));
        assertEquals("[2001:db8:0:1:1:1:1:1]:3", IpTcpSegment.address(0x20010db800000001L, 0x0001000100010001L, 3));
        assertEquals("[1:0:0:2::3]:4", IpTcpSegment.address(0x0001000000000002L, 3, 4));
        assertEquals("192.168.1.2:5", IpTcpSegment.address(0, 0xFFFF_C0A8_0102L, 5));
    }

    @Test
    void cutHeadersAreNotSegments() {
        byte[] t = tcp(1, 0, 0x10, new byte[0], 0);
        byte[] ip = ipv4(t, 20 + t.length, 0);
        assertTrue(IpTcpSegment.decode(java.util.Arrays.copyOf(ip, 30), 0).isEmpty());
        assertTrue(IpTcpSegment.decode(new byte[0], 0).isEmpty());
        assertTrue(IpTcpSegment.decode(java.util.Arrays.copyOf(ipv6(6, new byte[0], t, 20), 50), 0).isEmpty());
    }
}
