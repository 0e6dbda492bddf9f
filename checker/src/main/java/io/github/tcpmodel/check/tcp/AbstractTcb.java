package io.github.tcpmodel.check.tcp;

/**
 * The abstract TCB of one endpoint while one step is computed: a local scratch value, loaded from and stored
 * back to the endpoint's word of the encoded state, never shared. Bit layout of the word:
 * state 0-3, ISS 4-7, IRS 8-11, SND.UNA 12-15, SND.NXT 16-19, RCV.NXT 20-23, SENDs left 24-25, units sent
 * 26-27, units delivered 28-29, then the flags: opened 30, CLOSE called 31, reset 32, SEND refused 33,
 * retransmitted FIN re-acknowledged from TIME-WAIT 34, retransmitted 35, then the reassembly queue: bits 36-39
 * mark the sequence numbers RCV.NXT+1 to RCV.NXT+4 held for later processing (one data unit or the FIN each,
 * RFC 9293 §3.10.7.4 seventh, SHLD-31), bit 40 says the highest of them is the peer's FIN. Bits 41 and up belong
 * to the composition (network budgets and flags, on the first endpoint's word).
 */
final class AbstractTcb {
    static final long TCB_MASK = (1L << 41) - 1;
    /** How many sequence numbers beyond RCV.NXT the reassembly queue can hold. */
    static final int HELD = 4;

    int cs;
    int iss;
    int irs;
    int una;
    int nxt;
    int rcv;
    int toSend;
    int sent;
    int delivered;
    boolean opened;
    boolean closeCalled;
    boolean reset;
    boolean lostData;
    boolean reacked;
    boolean retransmitted;
    /** Bit k: the unit at RCV.NXT + 1 + k is held for reassembly. */
    int held;
    /** The highest held unit is the peer's FIN. */
    boolean finHeld;

    void load(long w) {
        cs = (int) w & 0xF;
        iss = (int) (w >>> 4) & 0xF;
        irs = (int) (w >>> 8) & 0xF;
        una = (int) (w >>> 12) & 0xF;
        nxt = (int) (w >>> 16) & 0xF;
        rcv = (int) (w >>> 20) & 0xF;
        toSend = (int) (w >>> 24) & 3;
        sent = (int) (w >>> 26) & 3;
        delivered = (int) (w >>> 28) & 3;
        opened = bit(w, 30);
        closeCalled = bit(w, 31);
        reset = bit(w, 32);
        lostData = bit(w, 33);
        reacked = bit(w, 34);
        retransmitted = bit(w, 35);
        held = (int) (w >>> 36) & 0xF;
        finHeld = bit(w, 40);
    }

    long store() {
        return cs | (long) iss << 4 | (long) irs << 8 | (long) una << 12 | (long) nxt << 16 | (long) rcv << 20
                | (long) toSend << 24 | (long) sent << 26 | (long) delivered << 28
                | flag(opened, 30) | flag(closeCalled, 31) | flag(reset, 32) | flag(lostData, 33)
                | flag(reacked, 34) | flag(retransmitted, 35) | (long) held << 36 | flag(finHeld, 40);
    }

    /** Forgets the connection (delete TCB, or back to LISTEN): the sequence variables and the held segments. */
    void clearConnection() {
        held = 0;
        finHeld = false;
        irs = 0;
        una = 0;
        nxt = 0;
        rcv = 0;
        sent = 0;
    }

    static boolean bit(long w, int b) {
        return (w >>> b & 1) != 0;
    }

    private static long flag(boolean f, int b) {
        return f ? 1L << b : 0;
    }
}
