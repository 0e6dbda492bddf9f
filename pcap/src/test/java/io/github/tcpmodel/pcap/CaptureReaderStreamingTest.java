package io.github.tcpmodel.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CaptureReader#advance()}: the same packets as {@link CaptureReader#next()}, in one reused buffer. */
class CaptureReaderStreamingTest {

    private static byte[] capture(String format, int linkType, List<byte[]> frames) {
        return format.equals("pcap") ? CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, linkType, frames, 1_700_000_000L)
                : CaptureFiles.pcapng(ByteOrder.BIG_ENDIAN, linkType, -1, frames, 1_700_000_000_000_000L);
    }

    // Ethernet frames of growing size (the buffer grows) between ARP frames (skipped): each packet as next() gives
    // it, the link-layer header dropped, in the one buffer.
    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcapng"})
    void advanceGivesWhatNextGivesInOneBuffer(String format) {
        List<byte[]> ips = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] ip = i % 2 == 0 ? CaptureFiles.ipv4(i * 100, i) : CaptureFiles.ipv6(i * 90);
            ips.add(ip);
            frames.add(CaptureFiles.frame(LinkType.ETHERNET, ip, i % 2 == 0 ? 0x0800 : 0x86dd));
            frames.add(CaptureFiles.frame(LinkType.ETHERNET, new byte[28], 0x0806));
        }
        byte[] file = capture(format, LinkType.ETHERNET, frames);
        List<CapturedPacket> expected = CaptureReaderTest.readAll(file);
        assertEquals(40, expected.size());
        CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file)).get();
        byte[] last = null;
        int k = 0;
        while (r.advance()) {
            CapturedPacket e = expected.get(k);
            assertArrayEquals(ips.get(k), Arrays.copyOf(r.packetBytes(), r.packetLength()));
            CapturedPacket copy = r.packet();
            assertArrayEquals(e.ip(), copy.ip());
            assertEquals(List.of(e.frame(), e.timestampNanos(), e.linkType(), e.originalLength(), e.linkHeader(),
                    e.interfaceIndex()), List.of(copy.frame(), copy.timestampNanos(), copy.linkType(),
                    copy.originalLength(), copy.linkHeader(), copy.interfaceIndex()));
            assertEquals(e.frame(), r.packetFrame());
            assertEquals(e.timestampNanos(), r.packetTime());
            assertEquals(e.ipOriginalLength(), r.packetIpOriginalLength());
            if (last != null && r.packetLength() <= last.length) {
                assertSame(last, r.packetBytes(), "the buffer is reused while packets fit it");
            }
            last = r.packetBytes();
            k++;
        }
        assertEquals(40, k);
        assertTrue(r.error().isEmpty());
        assertEquals(80, r.frames());
        assertEquals(40, r.skipped());
        assertFalse(r.advance(), "the end stays the end");
    }

    @Test
    void aTruncatedRecordEndsWithTheErrorNextGives() {
        byte[] whole = capture("pcap", LinkType.RAW, List.of(CaptureFiles.ipv4(10, 1), CaptureFiles.ipv4(10, 2)));
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        CaptureReader r = CaptureReader.open(new ByteArrayInputStream(cut)).get();
        assertTrue(r.advance());
        assertFalse(r.advance());
        CaptureReader n = CaptureReader.open(new ByteArrayInputStream(cut)).get();
        n.next();
        assertEquals(n.next().getLeft(), r.error().get());
        assertEquals(CaptureError.Kind.TRUNCATED, r.error().get().kind());
    }

    // Reading a pcap file with advance() allocates nothing per record: the heap allocated while reading 200,000
    // records stays below a byte per record (a copy of each would be over 60).
    @Test
    void aPcapFileIsReadWithoutAnAllocationPerRecord() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            frames.add(CaptureFiles.ipv4(20, i));
        }
        byte[] file = capture("pcap", LinkType.RAW, frames);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++) {  // the first rounds compile the loop
            CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file)).get();
            long before = bean.getThreadAllocatedBytes(id);
            long sum = 0;
            while (r.advance()) {
                sum += r.packetBytes()[3] + r.packetLength();
            }
            long allocated = bean.getThreadAllocatedBytes(id) - before;
            assertEquals(200_000, r.frames());
            assertTrue(sum != 0);
            if (round == 2) {
                assertTrue(allocated < 200_000, "allocated " + allocated + " bytes for 200,000 records");
            }
        }
    }
}
