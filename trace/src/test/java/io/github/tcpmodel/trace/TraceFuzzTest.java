package io.github.tcpmodel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceFuzzTest {

    private static final int CASES = Integer.getInteger("tcpmodel.fuzzCases", 600);
    private static final Profile LINUX = Profile.linux();
    private static final Profile RFC = Profile.rfc9293();

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String s : KernelCorpus.SCENARIOS) {
            out.add(Files.readAllBytes(KernelCorpusTest.COMMITTED.resolve(s + ".pcap")));
        }
        out.add(TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()).bytes());
        return out;
    }

    private static CheckResult check(byte[] b, Profile p) {
        return TraceChecker.check(new ByteArrayInputStream(b), "fuzz", p, new Limits(50, 64, 200, 100, 20));
    }

    // For every mutation of a valid capture: a report or a one-line error, never an exception.
    @Test
    void mutatedCapturesGiveAReportOrAOneLineError() throws IOException {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(8);
        int unreadable = 0;
        int checked = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
            int kind = rnd.nextInt(4);
            if (kind == 0) {
                for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            } else if (kind == 1) {
                b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            } else if (kind == 2) {
                // Past the file header, put random bytes into what is most likely header and TCP fields.
                for (int k = 1 + rnd.nextInt(32); k > 0; k--) {
                    b[24 + rnd.nextInt(b.length - 24)] = (byte) rnd.nextInt(256);
                }
            } else {
                int at = 24 + rnd.nextInt(Math.max(1, b.length - 28));
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, rnd.nextBoolean() ? -1 : 0x7fffffff);
            }
            CheckResult r = check(b, rnd.nextBoolean() ? LINUX : RFC);
            if (r instanceof CheckResult.Unreadable u) {
                unreadable++;
                assertTrue(!u.message().isEmpty() && !u.message().contains("\n"), u.message());
                assertEquals(2, r.exitCode());
            } else {
                checked++;
                TraceReport rep = ((CheckResult.Checked) r).report();
                assertTrue(rep.connections().size() <= 50);
                Renderer.json(rep);
                Renderer.table(rep);
            }
        }
        // Both outcomes must be exercised, or the mutations test nothing.
        assertTrue(unreadable > CASES / 20 && checked > CASES / 20,
                unreadable + " unreadable, " + checked + " checked");
    }

    // Random segments between a few endpoints: any sequence of segments is checked without an exception.
    @Test
    void randomSegmentsAreCheckedWithoutFailing() {
        Random rnd = new Random(9);
        SyntheticCapture.Host[] hosts = {new SyntheticCapture.Host("10.0.0.1", 1), new SyntheticCapture.Host("10.0.0.2", 2),
            new SyntheticCapture.Host("10.0.0.1", 3)};
        for (int round = 0; round < CASES / 25; round++) {
            SyntheticCapture t = SyntheticCapture.inMemory();
            long base = rnd.nextInt(1 << 20);
            for (int i = 0; i < 60; i++) {
                SyntheticCapture.Host a = hosts[rnd.nextInt(3)];
                SyntheticCapture.Host b = hosts[rnd.nextInt(3)];
                if (a.equals(b)) {
                    continue;
                }
                t.after(rnd.nextInt(3) == 0 ? rnd.nextInt(100_000) : 1).seg(a, b, base + rnd.nextInt(4000),
                        base + rnd.nextInt(4000), rnd.nextInt(64), rnd.nextInt(3) == 0 ? rnd.nextInt(1500) : 0);
            }
            CheckResult r = check(t.bytes(), round % 2 == 0 ? LINUX : RFC);
            TraceReport rep = assertInstanceOf(CheckResult.Checked.class, r).report();
            assertEquals(List.of(), rep.connections().flatMap(ConnectionReport::violations)
                    .filter(v -> v.reason().startsWith("the checker could not follow")).toJavaList());
        }
    }

    // A capture of one direction only (asymmetric routing) never acknowledges anything: queues must stay bounded.
    @Test
    void oneDirectionOnlyAndScatteredSegmentsStayLinear() {
        SyntheticCapture.Host c = new SyntheticCapture.Host("10.0.0.1", 1);
        SyntheticCapture.Host s = new SyntheticCapture.Host("10.0.0.2", 2);
        SyntheticCapture t = SyntheticCapture.inMemory();
        Random rnd = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            t.seg(c, s, 1000 + 100L * i, 77, SyntheticCapture.ACK, 100);
        }
        for (int i = 0; i < 20_000; i++) {
            t.seg(s, c, 77 + rnd.nextInt(1 << 24), 1000, SyntheticCapture.ACK, 50);
        }
        TraceReport r = ((CheckResult.Checked) check(t.bytes(), LINUX)).report();
        assertEquals(40_000, r.connections().head().segmentCount());
    }

    @Test
    void absurdRecordLengthIsAnErrorNotAnAllocation() {
        byte[] b = TraceCheckerTest.clientClosesFirst(SyntheticCapture.inMemory()).bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, Integer.MAX_VALUE)
                .putInt(24 + 12, Integer.MAX_VALUE);
        CheckResult r = check(b, Profile.linux());
        assertEquals(2, r.exitCode(), r.toString());
    }

    // Memory stays bounded: connections beyond the limit are counted, not kept; rows are capped.
    @Test
    void manyConnectionsAreCountedBeyondTheListedOnes(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        SyntheticCapture t = new SyntheticCapture(Files.newOutputStream(dir.resolve("many.pcap")));
        SyntheticCapture.Host s = new SyntheticCapture.Host("10.0.0.2", 80);
        SyntheticCapture.Host c = new SyntheticCapture.Host("10.9.9.9", 999);
        t.syn(c, s, 0).synAck(s, c, 0, 1).seg(c, s, 1, 1, SyntheticCapture.ACK, 0);
        for (int i = 0; i < 3000; i++) {
            SyntheticCapture.Host x = new SyntheticCapture.Host("10.0." + (1 + i / 60000) + ".1", 1024 + i % 60000);
            t.syn(x, s, i).seg(s, x, 0, i + 1, SyntheticCapture.RST | SyntheticCapture.ACK, 0);
            if (i % 6 == 0) {
                t.seg(c, s, 1 + 10L * (i / 6), 1, SyntheticCapture.ACK | SyntheticCapture.PSH, 10)
                        .seg(s, c, 1, 11 + 10L * (i / 6), SyntheticCapture.ACK, 0);
            }
        }
        t.close();
        CheckResult r = TraceChecker.check(dir.resolve("many.pcap"), Profile.linux(), new Limits(100, 16, 50, 10, 5));
        TraceReport rep = ((CheckResult.Checked) r).report();
        assertEquals(3001, rep.connectionCount());
        assertEquals(100, rep.connections().size());
        assertTrue(rep.conforms());
        assertEquals(0, r.exitCode());
        ConnectionReport big = rep.connections().head();
        assertEquals(3 + 1000, big.segmentCount());
        assertEquals(50, big.segments().size());
        assertEquals(io.github.tcpmodel.table.TcpState.ESTABLISHED, big.endpoints().get(1).finalState());
    }
}
