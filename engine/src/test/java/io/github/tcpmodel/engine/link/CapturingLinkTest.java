package io.github.tcpmodel.engine.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Decoded;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.engine.link.MemoryLink;
import io.github.tcpmodel.pcap.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {

    private static List<byte[]> records(byte[] file, List<Long> micros) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, b.getInt());
        assertEquals(2, b.getShort());
        assertEquals(4, b.getShort());
        assertEquals(0, b.getInt());
        assertEquals(0, b.getInt());
        assertEquals(65535, b.getInt());
        assertEquals(101, b.getInt(), "LINKTYPE_RAW");
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long sec = b.getInt() & 0xFFFFFFFFL;
            long usec = b.getInt() & 0xFFFFFFFFL;
            int captured = b.getInt();
            int original = b.getInt();
            assertEquals(original, captured);
            byte[] p = new byte[captured];
            b.get(p);
            out.add(p);
            micros.add(sec * 1_000_000 + usec);
        }
        return out;
    }

    @Test
    void writesTheClassicFormatWithRawIpRecordsAndClockTimestamps() {
        VirtualClock clock = new VirtualClock(1_500);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(bytes, clock::nowMillis);
        byte[] p1 = {0x45, 1, 2};
        byte[] p2 = new byte[1500];
        w.write(p1);
        clock.advanceBy(2_250);
        w.write(p2);
        w.close();
        List<Long> times = new ArrayList<>();
        List<byte[]> r = records(bytes.toByteArray(), times);
        assertEquals(2, r.size());
        assertArrayEquals(p1, r.get(0));
        assertArrayEquals(p2, r.get(1));
        assertEquals(List.of(1_500_000L, 3_750_000L), times);
    }

    @Test
    void aCapturingLinkRecordsBothDirectionsAsTheEngineSeesThem(@TempDir Path dir) throws Exception {
        VirtualClock clock = new VirtualClock();
        MemoryLink[] pair = MemoryLink.pair(clock, Impairments.NONE, 1);
        Path file = dir.resolve("a.pcap");
        CapturingLink a = new CapturingLink(pair[0], PcapWriter.create(file, clock::nowMillis));
        byte[] out = Codec.encode(new io.github.tcpmodel.engine.codec.Packet(1, 2, 3, 4, 5, 6, 0x10, 7, 0,
                io.github.tcpmodel.engine.codec.TcpOptions.NONE, new byte[] {9}));
        a.send(out);
        pair[1].send(out.clone());
        clock.advanceBy(10);
        List<byte[]> got = new ArrayList<>();
        Link.PacketReceiver receiver = got::add;
        a.receive(receiver, 10);
        a.close();
        List<byte[]> r = records(Files.readAllBytes(file), new ArrayList<>());
        assertEquals(2, r.size(), "one sent, one received");
        assertInstanceOf(Decoded.Ok.class, Codec.decode(r.get(0)));
        assertArrayEquals(got.get(0), r.get(1));
    }
}
