package io.github.tcpmodel.engine.codec;

import java.util.EnumMap;
import java.util.Map;

/** Counts decoded packets and each kind of malformation. Not thread-safe: one per engine thread. */
public final class DecodeCounters {

    private final long[] malformed = new long[Malformation.values().length];
    private long ok;

    /** Counts {@code result}, and returns it. */
    public Decoded count(Decoded result) {
        if (result instanceof Decoded.Ok) {
            ok++;
        } else if (result instanceof Decoded.Malformed m) {
            malformed[m.kind().ordinal()]++;
        }
        return result;
    }

    /** Well-formed segments seen. */
    public long ok() {
        return ok;
    }

    /** Malformed packets of {@code kind}. */
    public long malformed(Malformation kind) {
        return malformed[kind.ordinal()];
    }

    /** Malformed packets of all kinds. */
    public long malformedTotal() {
        long n = 0;
        for (long m : malformed) {
            n += m;
        }
        return n;
    }

    /** A snapshot of the non-zero malformation counters. */
    public Map<Malformation, Long> snapshot() {
        Map<Malformation, Long> m = new EnumMap<>(Malformation.class);
        for (Malformation k : Malformation.values()) {
            if (malformed[k.ordinal()] != 0) {
                m.put(k, malformed[k.ordinal()]);
            }
        }
        return m;
    }
}
