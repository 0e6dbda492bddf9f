package io.github.tcpmodel.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

// RFC 8200 §3 (the IPv6 header) and §8.1 (the upper-layer checksum's pseudo-header), and the SACK option (RFC 2018
// §3) in the codec.
class Ipv6CodecTest {

    private final Ipv6Addresses table = new Ipv6Addresses();
    private final int a = table.handle("2001:db8::1");
    private final int b = table.handle("2001:db8::2");

    private Packet packet() {
        return new Packet(a, b, 40000, 80, 0x12345678, 0x9abcdef0, Flags.ACK | Flags.PSH, 1234, 0,
                TcpOptions.stamp(7, 9, new int[] {100, 200, 300, 400}), new byte[] {1, 2, 3, 4, 5});
    }

    @Test
    void anIpv6PacketRoundTripsWithItsAddresses() {
        byte[] wire = Codec.encode(packet(), table);
        assertEquals(6, (wire[0] & 0xFF) >>> 4);
        assertEquals(wire.length - 40, (wire[4] & 0xFF) << 8 | (wire[5] & 0xFF), "payload length");
        assertEquals(6, wire[6], "Next Header: TCP");
        assertArrayEquals(Ipv6Addresses.parse("2001:db8::1"), Arrays.copyOfRange(wire, 8, 24));
        assertArrayEquals(Ipv6Addresses.parse("2001:db8::2"), Arrays.copyOfRange(wire, 24, 40));
        Decoded d = Codec.decode(wire, 0, wire.length, table);
        assertEquals(packet(), assertInstanceOf(Decoded.Ok.class, d).segment());
        assertEquals("2001:db8::2", table.format(((Decoded.Ok) d).segment().dstAddr()));
        // RFC 5952 §4.2: the longest run of zero groups is compressed, the first of equal runs.
        assertEquals("1:0:0:2::3", table.format(table.handle("1:0:0:2:0:0:0:3")));
        assertEquals("fd77::", table.format(table.handle("fd77:0:0:0:0:0:0:0")));
        assertEquals("1::2:0:0:3:4", table.format(table.handle("1:0:0:2:0:0:3:4")));
    }

    @Test
    void theChecksumCoversThePseudoHeadersAddresses() {
        byte[] wire = Codec.encode(packet(), table);
        byte[] other = wire.clone();
        // Another source address, the TCP segment unchanged: the pseudo-header sum differs.
        other[23] ^= 0x10;
        Decoded d = Codec.decode(other, 0, other.length, table);
        assertEquals(Malformation.BAD_TCP_CHECKSUM, assertInstanceOf(Decoded.Malformed.class, d).kind());
        assertEquals(2, countHandles(), "no handle for a packet that failed its checksum");
    }

    private int countHandles() {
        int n = 0;
        while (table.knows(0xF000_0001 + n)) {
            n++;
        }
        return n;
    }

    @Test
    void withoutATableIpv6IsNotDecodedAndAnExtensionHeaderIsNotTcp() {
        byte[] wire = Codec.encode(packet(), table);
        assertEquals(Malformation.NOT_IPV4,
                assertInstanceOf(Decoded.Malformed.class, Codec.decode(wire, 0, wire.length)).kind());
        wire[6] = 0; // Hop-by-Hop Options
        assertEquals(Malformation.NOT_TCP,
                assertInstanceOf(Decoded.Malformed.class, Codec.decode(wire, 0, wire.length, table)).kind());
        assertEquals(Malformation.TRUNCATED, assertInstanceOf(Decoded.Malformed.class,
                Codec.decode(Arrays.copyOf(wire, 50), 0, 50, table)).kind());
    }

    @Test
    void sackBlocksOfIpv4RoundTripAndABadSackLengthIsMalformed() {
        Packet p = new Packet(0x0a000001, 0x0a000002, 1, 2, 3, 4, Flags.ACK, 5, 0,
                TcpOptions.stamp(1, 2, new int[] {10, 20}), Packet.EMPTY);
        byte[] wire = Codec.encode(p);
        assertEquals(p, ((Decoded.Ok) Codec.decode(wire)).segment());
        // nop, nop, TS (10), nop, nop, SACK: the SACK option's length octet is at 20 + 20 + 12 + 3.
        assertEquals(10, wire[55]);
        wire[55] = 9;
        // The checksum follows the change (one less in the sum is one more in its complement), so that the option
        // itself is what fails.
        int sum = ((wire[36] & 0xFF) << 8 | (wire[37] & 0xFF)) + 1;
        wire[36] = (byte) (sum >>> 8);
        wire[37] = (byte) sum;
        assertEquals(Malformation.BAD_OPTION, assertInstanceOf(Decoded.Malformed.class, Codec.decode(wire)).kind());
        assertThrows(IllegalArgumentException.class, () -> Ipv6Addresses.parse("10.0.0.1"));
    }
}
