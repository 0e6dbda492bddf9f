package io.github.tcpmodel.engine.connection;

import java.util.Map;
import java.util.TreeMap;

/**
 * Out-of-order segment text waiting for the gap before it to fill (RFC 9293 §3.10.7.4 seventh: segments beyond
 * RCV.NXT within the window are held). Keyed by stream offset (octets since the SYN), so wrap-around of sequence
 * numbers does not matter here. Holds only text inside the window it was offered in, and at most {@code limit}
 * octets, so its memory is bounded by the receive window.
 */
final class Reassembly {

    private final TreeMap<Long, byte[]> pending = new TreeMap<>();
    private final long limit;
    private long bytes;

    Reassembly(long limit) {
        this.limit = limit;
    }

    /** Holds {@code data} (already trimmed to the window) at stream offset {@code offset}. */
    void hold(long offset, byte[] data) {
        byte[] old = pending.get(offset);
        if (old != null) {
            if (old.length >= data.length) {
                return;
            }
            bytes -= old.length;
        } else if (bytes + data.length > limit) {
            // Beyond the bound (many overlapping pieces): drop it; the sender will retransmit.
            return;
        }
        pending.put(offset, data);
        bytes += data.length;
    }

    /**
     * Moves text that is now in order, given that everything before {@code next} has been received, into
     * {@code sink}; returns the new next offset.
     */
    long drain(long next, Sink sink) {
        while (!pending.isEmpty()) {
            Map.Entry<Long, byte[]> first = pending.firstEntry();
            long start = first.getKey();
            if (start > next) {
                break;
            }
            pending.pollFirstEntry();
            byte[] data = first.getValue();
            bytes -= data.length;
            long end = start + data.length;
            if (end > next) {
                int skip = (int) (next - start);
                int accepted = sink.accept(data, skip, data.length - skip);
                next += accepted;
                if (accepted < data.length - skip) {
                    // The sink is full; keep the rest for later. Cannot happen while text is held only in-window.
                    byte[] rest = java.util.Arrays.copyOfRange(data, skip + accepted, data.length);
                    pending.put(next, rest);
                    bytes += rest.length;
                    break;
                }
            }
        }
        return next;
    }

    /**
     * The contiguous ranges of held text, merged where they overlap or touch, in offset order: start and end
     * (exclusive) in turn into {@code out}; returns how many ranges, at most {@code out.length / 2}.
     */
    int ranges(long[] out) {
        int n = 0;
        long start = -1;
        long end = -1;
        for (Map.Entry<Long, byte[]> e : pending.entrySet()) {
            long s = e.getKey();
            long t = s + e.getValue().length;
            if (start >= 0 && s <= end) {
                end = Math.max(end, t);
                continue;
            }
            if (start >= 0) {
                if (2 * n + 1 >= out.length) {
                    return n;
                }
                out[2 * n] = start;
                out[2 * n + 1] = end;
                n++;
            }
            start = s;
            end = t;
        }
        if (start >= 0 && 2 * n + 1 < out.length) {
            out[2 * n] = start;
            out[2 * n + 1] = end;
            n++;
        }
        return n;
    }

    long bytes() {
        return bytes;
    }

    int segments() {
        return pending.size();
    }

    void clear() {
        pending.clear();
        bytes = 0;
    }

    /** Takes in-order text. */
    interface Sink {
        /** Accepts up to {@code len} octets; returns how many. */
        int accept(byte[] data, int off, int len);
    }
}
