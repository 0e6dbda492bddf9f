package io.github.tcpmodel.engine.connection;

/**
 * RACK's per-segment record and its time-based loss detection (RFC 8985 §6), for one sender with SACK. Every
 * transmission of text or FIN is recorded with the time it was sent; a segment is lost when a segment sent after it
 * has been delivered (cumulatively or selectively acknowledged) and more than RACK.rtt plus the reordering window has
 * passed since it was sent (§6.2 step 5). Records are kept in sequence order from SND.UNA, in a ring that grows when
 * full, so that the fast path allocates nothing.
 *
 * <p>Sequence numbers are compared modulo 2^32, as in {@link Connection}.
 */
final class Rack {

    private static final int SACKED = 1;
    private static final int LOST = 2;
    private static final int RETRANSMITTED = 4;

    /** RFC 8985 §6.2: DupThresh, the SACKed segments that end the wait for reordering before any was seen. */
    private static final int DUP_THRESH = 3;
    /** RFC 8985 §6.2 step 4: how many recoveries a widened reordering window persists. */
    private static final int REO_WND_PERSIST = 16;

    private int[] start = new int[64];
    private int[] end = new int[64];
    private long[] sentAt = new long[64];
    private byte[] flags = new byte[64];
    private int head;
    private int size;

    /** RACK.xmit_ts, RACK.end_seq, RACK.rtt (§6.1): the most recently sent segment delivered so far. */
    private long xmitTs = -1;
    private int endSeq;
    private long rtt;
    /** RACK.min_RTT: the least RTT seen (§6.2 step 4). */
    private long minRtt = -1;
    /** RACK.fack (§6.2 step 3): the highest sequence number delivered. */
    private int fack;
    private boolean fackSet;
    private boolean reorderingSeen;
    private int reoWndMult = 1;
    private int reoWndPersist;
    private int dsackRound;
    private boolean dsackRoundSet;

    /** A transmission of [seq, seqEnd) at {@code now}: new data appended, or a retransmission of recorded ones. */
    void onSend(int seq, int seqEnd, long now) {
        if (size > 0 && Connection.lt(seq, end[slot(size - 1)])) {
            for (int i = 0; i < size; i++) {
                int s = slot(i);
                if (Connection.lt(start[s], seqEnd) && Connection.lt(seq, end[s])) {
                    sentAt[s] = now;
                    flags[s] = (byte) ((flags[s] & ~LOST) | RETRANSMITTED);
                }
            }
            return;
        }
        if (size == start.length) {
            grow();
        }
        int s = slot(size++);
        start[s] = seq;
        end[s] = seqEnd;
        sentAt[s] = now;
        flags[s] = 0;
    }

    /**
     * An ACK arrived at {@code now}: SND.UNA is {@code una} after it, {@code board} holds the {@code ranges} SACKed
     * ranges (left and right edges in turn), {@code tsEcr} is its echoed timestamp or -1, and {@code dsack} whether it
     * reports a duplicate (RFC 2883). Updates RACK.xmit_ts, RACK.rtt, RACK.min_RTT, the reordering state and the
     * reordering window's multiplier (§6.2 steps 1 - 4).
     */
    void onAck(int una, int[] board, int ranges, long now, long tsEcr, boolean dsack) {
        while (size > 0 && Connection.le(end[slot(0)], una)) {
            int s = slot(0);
            if ((flags[s] & SACKED) == 0) {
                delivered(s, now, tsEcr);
            }
            head = (head + 1) % start.length;
            size--;
        }
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            if ((flags[s] & SACKED) == 0 && covered(start[s], end[s], board, ranges)) {
                // The ACK of text above RCV.NXT echoes an older TS.Recent (RFC 7323 §4.3: TS.Recent follows only
                // in-sequence segments), so its TSecr cannot tell which transmission was SACKed; min_RTT still can.
                delivered(s, now, -1);
                flags[s] = (byte) ((flags[s] | SACKED) & ~LOST);
            }
        }
        // §6.2 step 4: a D-SACK widens the reordering window once per round trip, for 16 recoveries.
        if (dsackRoundSet && !Connection.lt(una, dsackRound)) {
            dsackRoundSet = false;
        }
        if (dsack && !dsackRoundSet) {
            dsackRoundSet = true;
            dsackRound = size == 0 ? una : end[slot(size - 1)];
            reoWndMult = Math.min(reoWndMult + 1, 64);
            reoWndPersist = REO_WND_PERSIST;
        }
    }

    /** §6.2 step 4: a recovery ended; after 16 of them without D-SACK the window returns to min_RTT / 4. */
    void recoveryEnded() {
        if (reoWndPersist > 0 && --reoWndPersist == 0) {
            reoWndMult = 1;
        }
    }

    private void delivered(int s, long now, long tsEcr) {
        long sample = now - sentAt[s];
        boolean retransmitted = (flags[s] & RETRANSMITTED) != 0;
        // §6.2 step 2: the ACK of a retransmitted segment may be for the original transmission: trust it only when
        // the echoed timestamp is not older than the retransmission and the sample is not below min_RTT.
        if (retransmitted && ((tsEcr >= 0 && tsEcr < sentAt[s]) || (minRtt >= 0 && sample < minRtt))) {
            return;
        }
        rtt = sample;
        if (!retransmitted && (minRtt < 0 || sample < minRtt)) {
            minRtt = sample;
        }
        if (xmitTs < 0 || sentAt[s] > xmitTs || (sentAt[s] == xmitTs && Connection.lt(endSeq, end[s]))) {
            xmitTs = sentAt[s];
            endSeq = end[s];
        }
        // §6.2 step 3: a never retransmitted segment delivered below RACK.fack arrived out of order.
        if (!retransmitted && fackSet && Connection.lt(end[s], fack)) {
            reorderingSeen = true;
        }
        if (!fackSet || Connection.lt(fack, end[s])) {
            fack = end[s];
            fackSet = true;
        }
    }

    /**
     * §6.2 step 4, RACK.reo_wnd: zero before any reordering was seen, in recovery or with DupThresh segments SACKed
     * (the sender then behaves as with duplicate ACKs); otherwise min_RTT / 4 times the multiplier, at most SRTT.
     */
    long reorderingWindow(boolean inRecovery, long srtt) {
        if (!reorderingSeen && (inRecovery || sackedSegments() >= DUP_THRESH)) {
            return 0;
        }
        long w = Math.max(0, minRtt) * reoWndMult / 4;
        return srtt >= 0 ? Math.min(w, srtt) : w;
    }

    /**
     * §6.2 step 5, RACK_detect_loss: marks lost every outstanding segment sent before RACK.xmit_ts (or at it, ending
     * below RACK.end_seq) whose time RACK.rtt + reo_wnd since it was sent has run out. Returns how long until the next
     * such segment runs out (the reordering timer, §6.3), 0 when none is waiting, and counts the segments newly lost
     * in {@link #newlyLost}.
     */
    long detectLoss(long now, boolean inRecovery, long srtt) {
        newlyLost = 0;
        if (xmitTs < 0) {
            return 0;
        }
        long reoWnd = reorderingWindow(inRecovery, srtt);
        long timeout = 0;
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            if ((flags[s] & (SACKED | LOST)) != 0) {
                continue;
            }
            if (sentAt[s] < xmitTs || (sentAt[s] == xmitTs && Connection.lt(end[s], endSeq))) {
                long remaining = sentAt[s] + rtt + reoWnd - now;
                if (remaining <= 0) {
                    flags[s] |= LOST;
                    newlyLost++;
                } else {
                    timeout = Math.max(timeout, remaining);
                }
            }
        }
        return timeout;
    }

    /** The segments {@link #detectLoss} marked lost on its last call. */
    int newlyLost;

    /** The index of the first segment marked lost and not retransmitted since, or -1. */
    int firstLost() {
        for (int i = 0; i < size; i++) {
            if ((flags[slot(i)] & LOST) != 0) {
                return i;
            }
        }
        return -1;
    }

    int startOf(int index) {
        return start[slot(index)];
    }

    int endOf(int index) {
        return end[slot(index)];
    }

    /**
     * The octets in flight (RFC 6675's pipe with RACK's marks): every recorded octet neither SACKed nor marked lost;
     * a lost segment retransmitted counts again, as its retransmission is in flight.
     */
    long pipe() {
        long p = 0;
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            if ((flags[s] & (SACKED | LOST)) == 0) {
                p += end[s] - start[s];
            }
        }
        return p;
    }

    /** After a retransmission timeout the SACK information is discarded (RFC 6675 §5.1): no mark survives. */
    void onTimeout() {
        for (int i = 0; i < size; i++) {
            flags[slot(i)] &= RETRANSMITTED;
        }
    }

    /** Segments recorded (sent and not cumulatively acknowledged). */
    int size() {
        return size;
    }

    long minRtt() {
        return minRtt;
    }

    boolean reorderingSeen() {
        return reorderingSeen;
    }

    private int sackedSegments() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if ((flags[slot(i)] & SACKED) != 0) {
                n++;
            }
        }
        return n;
    }

    private static boolean covered(int l, int r, int[] board, int ranges) {
        for (int k = 0; k < ranges; k++) {
            if (Connection.le(board[2 * k], l) && Connection.le(r, board[2 * k + 1])) {
                return true;
            }
        }
        return false;
    }

    private int slot(int index) {
        return (head + index) % start.length;
    }

    private void grow() {
        int n = start.length * 2;
        int[] s2 = new int[n];
        int[] e2 = new int[n];
        long[] t2 = new long[n];
        byte[] f2 = new byte[n];
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            s2[i] = start[s];
            e2[i] = end[s];
            t2[i] = sentAt[s];
            f2[i] = flags[s];
        }
        start = s2;
        end = e2;
        sentAt = t2;
        flags = f2;
        head = 0;
    }
}
