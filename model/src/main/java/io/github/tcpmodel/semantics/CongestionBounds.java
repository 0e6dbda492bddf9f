package io.github.tcpmodel.semantics;

import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * The most a conforming sender may have in flight (RFC 9293 §3.8.2, MUST-19; RFC 5681; RFC 6928; RFC 6582; RFC 9438),
 * as an upper bound that follows the ACKs the sender has seen. The model does not impose one congestion control
 * algorithm: it keeps the largest congestion window and slow-start threshold any sender within the RFCs' rules can
 * have after the same ACKs, timeouts and idle periods, and {@link #check} says whether the flight an implementation
 * chose stays under it. Pure: every event, the time included, is an input; each step returns a new value.
 *
 * <p>What the bound accepts (each a ceiling at least as high as the rule it covers):
 * <ul>
 *   <li>the initial window of RFC 5681 §3.1 (equation 1) or RFC 6928 §2, {@code min(10*MSS, max(2*MSS, 14600))}
 *       ({@link InitialWindow}); one segment after a lost SYN or SYN,ACK (RFC 5681 §3.1, RFC 6928 §2);
 *   <li>slow start while cwnd &lt; ssthresh: cwnd grows per ACK by at most {@code min(N, SMSS)} (RFC 5681 equation
 *       2), {@code min(N, 2*SMSS)} (RFC 3465's L) or N, all the octets the ACK newly acknowledges (RFC 9438 §4.10,
 *       as Linux counts acknowledged segments), and with it the octets newly SACKed ({@link #onSacked}: Linux
 *       counts SACKed segments as delivered) ({@link SlowStart});
 *   <li>congestion avoidance: cwnd grows per ACK by at most {@code max(N/2, SMSS/2)}. RFC 5681's {@code
 *       SMSS*SMSS/cwnd} with cwnd &gt;= ssthresh &gt;= 2*SMSS (equations 3 and 4) and its byte counting (one SMSS per
 *       cwnd octets acknowledged) stay within it; so does CUBIC, whose target is clamped to 1.5 cwnd per round trip
 *       (RFC 9438 §4.2: at most half an octet of window per octet acknowledged) and whose Reno-friendly estimate grows
 *       by {@code 3(1-β)/(1+β)} &lt; 1/2 SMSS per round trip (§4.3). A sender whose threshold lies below the bound's
 *       may finish its slow start above the bound's congestion avoidance, so the bound never falls below {@code
 *       ssthresh} plus one slow-start step;
 *   <li>a loss: on the third duplicate ACK (RFC 5681 §3.2, DupThresh) ssthresh falls to {@code max(0.7 * FlightSize,
 *       2*SMSS)}, the larger of NewReno's 1/2 (RFC 5681 equation 4) and CUBIC's β = 0.7 (RFC 9438 §4.6), with
 *       FlightSize at most the bound's own limit, and cwnd to {@code ssthresh + 3*SMSS}, inflated by SMSS for each
 *       further duplicate ACK (§3.2 steps 3 and 4); a partial ACK keeps the inflated window (looser than RFC 6582
 *       §3.2's deflation), a full one (beyond the {@code recover} point, RFC 6582 §3.2) sets cwnd to ssthresh;
 *       the first and second duplicate ACK admit one and two segments more (RFC 3042, Limited Transmit);
 *   <li>a retransmission timeout: cwnd is the loss window, one SMSS (RFC 5681 §3.1: "cwnd MUST be set to no more
 *       than the loss window"), ssthresh falls as on a loss, but not again for a timeout before new data is
 *       acknowledged ("the given segment has not yet been resent by way of the retransmission timer");
 *   <li>an idle period longer than the RTO ({@link IdleRestart}): cwnd falls to RW = min(IW, cwnd) (RFC 5681 §4.1),
 *       or decays by half per RTO idle, not below RW, ssthresh kept at 3/4 of the old cwnd (RFC 2861 §3, as Linux
 *       does), or stays (RFC 7661, Linux's tcp_slow_start_after_idle = 0);
 *   <li>{@link #undo}: a reduction found spurious (RFC 4015 §3.2, RFC 5682) may be reversed.
 * </ul>
 * With SACK, the flight {@link #check} takes is RFC 6675's {@code pipe}, the sender's estimate of the octets in the
 * network, which may lie below SND.NXT - SND.UNA during recovery; without it, FlightSize = SND.NXT - SND.UNA
 * ({@link #flightSize}). The check is made when new data is sent (the flight after it): a retransmission after a
 * timeout or in recovery is governed by the loss window and the recovery rules, and a FlightSize that still counts
 * segments a timeout has given up on may exceed cwnd until they are acknowledged. The receiver's window bounds the
 * flight separately ({@link Emission#allowed}).
 *
 * @param rules    the variants the bound accepts
 * @param smss     SMSS, the sender's maximum segment size
 * @param cwnd     the largest congestion window a conforming sender can have now
 * @param ssthresh the largest slow-start threshold it can have now
 * @param una      SND.UNA as the ACKs so far have moved it
 * @param dupAcks  duplicate ACKs since the last ACK of new data
 * @param recovery whether fast recovery is under way (RFC 5681 §3.2, RFC 6582)
 * @param recover  the highest sequence number sent when recovery began (RFC 6582 §3.2 step 2)
 * @param backedOff whether a retransmission timeout has come since new data was last acknowledged
 * @param prior    the bound before the last reduction, which {@link #undo} restores (or this bound's own values)
 */
public record CongestionBounds(Rules rules, int smss, long cwnd, long ssthresh, SeqNum una, int dupAcks,
                               boolean recovery, SeqNum recover, boolean backedOff, Prior prior) {

    /** RFC 5681 §3.2: "DupThresh ... is set to 3". */
    public static final int DUP_THRESH = 3;

    /** The first slow-start threshold: "arbitrarily high" (RFC 5681 §3.1). */
    public static final long UNBOUNDED = 1L << 40;

    /** RFC 6928 §2: the initial window's octet cap, 14600. */
    public static final long RFC6928_OCTETS = 14_600;

    /** The initial window a sender may use. */
    public enum InitialWindow {
        /** RFC 5681 §3.1 equation (1): 2, 3 or 4 segments by SMSS. */
        RFC5681,
        /** RFC 6928 §2: {@code min(10*MSS, max(2*MSS, 14600))}. */
        RFC6928,
        /**
         * Ten segments whatever their size: Linux's TCP_INIT_CWND, which keeps RFC 6928's ten segments but not its
         * 14600-octet cap for an MSS above 1460 (a departure, over a path with a large MTU such as loopback).
         */
        TEN_SEGMENTS;

        /** The initial window in octets for {@code smss}. */
        public long octets(int smss) {
            return switch (this) {
                case RFC5681 -> smss > 2190 ? 2L * smss : smss > 1095 ? 3L * smss : 4L * smss;
                case RFC6928 -> Math.min(10L * smss, Math.max(2L * smss, RFC6928_OCTETS));
                case TEN_SEGMENTS -> 10L * smss;
            };
        }
    }

    /** How much one ACK of N new octets may grow cwnd in slow start. */
    public enum SlowStart {
        /** RFC 5681 equation (2): {@code min(N, SMSS)}. */
        SMSS_PER_ACK,
        /** RFC 3465 §2.2 with L = 2*SMSS: {@code min(N, 2*SMSS)}. */
        TWO_SMSS_PER_ACK,
        /** N: every octet acknowledged (RFC 9438 §4.10 leaves slow start to RFC 5681 and its successors; Linux). */
        ACKED;

        long growth(long n, int smss) {
            return switch (this) {
                case SMSS_PER_ACK -> Math.min(n, smss);
                case TWO_SMSS_PER_ACK -> Math.min(n, 2L * smss);
                case ACKED -> n;
            };
        }
    }

    /** What an idle period longer than the RTO does to cwnd. */
    public enum IdleRestart {
        /** RFC 5681 §4.1: cwnd &lt;- RW = min(IW, cwnd). */
        RFC5681,
        /** RFC 2861 §3: halve cwnd per RTO idle, not below RW; ssthresh &lt;- max(ssthresh, 3/4 cwnd). */
        RFC2861,
        /** RFC 7661 (and Linux's tcp_slow_start_after_idle = 0): cwnd is kept. */
        KEPT
    }

    /**
     * The variants a bound accepts.
     *
     * @param initialWindow the initial window
     * @param slowStart     the slow-start growth per ACK
     * @param idleRestart   the restart after idle
     */
    public record Rules(InitialWindow initialWindow, SlowStart slowStart, IdleRestart idleRestart) {
        public Rules {
            Objects.requireNonNull(initialWindow, "initialWindow is null");
            Objects.requireNonNull(slowStart, "slowStart is null");
            Objects.requireNonNull(idleRestart, "idleRestart is null");
        }

        /** RFC 5681 as written: its initial window, SMSS per ACK, the restart to RW. */
        public static Rules rfc5681() {
            return new Rules(InitialWindow.RFC5681, SlowStart.SMSS_PER_ACK, IdleRestart.RFC5681);
        }

        /** The widest the bound goes: ten segments of any size, every octet acknowledged, cwnd kept after idle. */
        public static Rules widest() {
            return new Rules(InitialWindow.TEN_SEGMENTS, SlowStart.ACKED, IdleRestart.KEPT);
        }

        /** Linux with its defaults: 10 segments of any size, every octet acknowledged, RFC 2861's decay. */
        public static Rules linux() {
            return new Rules(InitialWindow.TEN_SEGMENTS, SlowStart.ACKED, IdleRestart.RFC2861);
        }
    }

    /** The bound's congestion window and threshold before a reduction. */
    public record Prior(long cwnd, long ssthresh) {
    }

    public CongestionBounds {
        Objects.requireNonNull(rules, "rules is null");
        Objects.requireNonNull(una, "una is null");
        Objects.requireNonNull(recover, "recover is null");
        Objects.requireNonNull(prior, "prior is null");
        if (smss <= 0 || cwnd < smss || ssthresh < 2L * smss || dupAcks < 0) {
            throw new IllegalArgumentException("a congestion bound below one segment");
        }
    }

    /**
     * The bound when data transmission begins with SND.UNA = {@code una}: the initial window, or one segment when the
     * SYN or SYN,ACK was retransmitted ({@code synRetransmitted}).
     */
    public static CongestionBounds initial(Rules rules, int smss, SeqNum una, boolean synRetransmitted) {
        long iw = synRetransmitted ? smss : rules.initialWindow().octets(smss);
        return new CongestionBounds(rules, smss, iw, UNBOUNDED, una, 0, false, una, false,
                new Prior(iw, UNBOUNDED));
    }

    /** FlightSize without SACK: SND.NXT - SND.UNA (RFC 5681 §2). */
    public static long flightSize(SeqNum una, SeqNum nxt) {
        return nxt.offsetFrom(una);
    }

    /** The most that may be in flight now: cwnd, with Limited Transmit's one or two extra segments (RFC 3042). */
    public long limit() {
        return recovery || dupAcks == 0 ? cwnd : cwnd + (long) Math.min(dupAcks, 2) * smss;
    }

    /** Whether the sender is in slow start by the bound: cwnd &lt; ssthresh. */
    public boolean slowStart() {
        return cwnd < ssthresh;
    }

    /**
     * An ACK with SEG.ACK = {@code ack} arrives while SND.NXT is {@code sndNxt}; {@code duplicate} when it is a
     * duplicate acknowledgment as RFC 5681 §2 defines one (no text, no window change, SEG.ACK = SND.UNA with data
     * outstanding, no SYN or FIN). An ACK that acknowledges nothing new and is not a duplicate changes nothing.
     */
    public CongestionBounds onAck(SeqNum ack, SeqNum sndNxt, boolean duplicate) {
        Objects.requireNonNull(ack, "ack is null");
        Objects.requireNonNull(sndNxt, "sndNxt is null");
        if (ack.gt(una)) {
            long n = ack.offsetFrom(una);
            if (recovery) {
                return ack.gt(recover)
                        ? with(Math.max(ssthresh, smss), ssthresh, ack, 0, false, false, prior)
                        : with(cwnd, ssthresh, ack, 0, true, false, prior);
            }
            long grown = slowStart()
                    ? cwnd + rules.slowStart().growth(n, smss)
                    : Math.max(cwnd + Math.max(ceilHalf(n), ceilHalf(smss)),
                    ssthresh + rules.slowStart().growth(n, smss));
            return with(Math.min(grown, UNBOUNDED), ssthresh, ack, 0, false, false, prior);
        }
        if (!duplicate || !ack.equals(una)) {
            return this;
        }
        int d = dupAcks + 1;
        if (recovery) {
            return new CongestionBounds(rules, smss, Math.min(cwnd + smss, UNBOUNDED), ssthresh, una, d, true,
                    recover, backedOff, prior);
        }
        if (d == DUP_THRESH) {
            long s = reduced(limit(), flightSize(una, sndNxt));
            // RFC 6582 §3.2 step 2: recover is "the highest sequence number transmitted", SND.NXT - 1, so that an ACK
            // of SND.NXT is the full acknowledgment that ends the recovery.
            return new CongestionBounds(rules, smss, s + 3L * smss, s, una, d, true, sndNxt.minus(1), backedOff,
                    new Prior(cwnd, ssthresh));
        }
        return new CongestionBounds(rules, smss, cwnd, ssthresh, una, d, false, recover, backedOff, prior);
    }

    /**
     * {@code n} octets above SND.UNA were newly SACKed (RFC 2018) by an ACK that acknowledges nothing new, or besides
     * what it acknowledges: a sender that grows its window by every octet delivered ({@link SlowStart#ACKED}, as
     * Linux counts SACKed segments with acknowledged ones) may grow as if an ACK had acknowledged them; under the
     * other rules, and in recovery, nothing changes (RFC 5681 grows cwnd on ACKs of new data only).
     */
    public CongestionBounds onSacked(long n) {
        if (n <= 0 || recovery || rules.slowStart() != SlowStart.ACKED) {
            return this;
        }
        long grown = slowStart() ? cwnd + n : Math.max(cwnd + Math.max(ceilHalf(n), ceilHalf(smss)), ssthresh + n);
        return with(Math.min(grown, UNBOUNDED), ssthresh, una, dupAcks, false, backedOff, prior);
    }

    /**
     * The retransmission timer expires (RFC 5681 §3.1, RFC 6298 §5.4) while SND.NXT is {@code sndNxt}: the loss
     * window of one segment, and on the first expiry ssthresh at most 0.7 of the larger of the FlightSize SND.NXT -
     * SND.UNA and the bound's window (RFC 9438 §4.6; RFC 5681 equation (4) takes half).
     */
    public CongestionBounds onTimeout(SeqNum sndNxt) {
        Objects.requireNonNull(sndNxt, "sndNxt is null");
        long s = backedOff ? ssthresh : reduced(limit(), flightSize(una, sndNxt));
        Prior p = backedOff ? prior : new Prior(cwnd, ssthresh);
        return new CongestionBounds(rules, smss, smss, s, una, 0, false, una, true, p);
    }

    /**
     * The sender has sent nothing for {@code idle} ms, the RTO being {@code rto} (RFC 5681 §4.1; RFC 2861 §3): a
     * period longer than the RTO restarts the window by the rules' {@link IdleRestart}.
     */
    public CongestionBounds onIdle(long idle, long rto) {
        if (rto <= 0 || idle <= rto) {
            return this;
        }
        long rw = Math.min(rules.initialWindow().octets(smss), cwnd);
        return switch (rules.idleRestart()) {
            case RFC5681 -> with(rw, ssthresh, una, dupAcks, recovery, backedOff, prior);
            case RFC2861 -> {
                long halvings = (idle + rto - 1) / rto - 1;
                // A shift of 64 or more would wrap (JLS §15.19); cwnd >> 63 is already 0.
                long decayed = cwnd >> Math.min(halvings, 63);
                yield with(Math.max(decayed, rw), Math.max(ssthresh, (3 * cwnd + 3) / 4), una, dupAcks, recovery,
                        backedOff, prior);
            }
            case KEPT -> this;
        };
    }

    /** A reduction found spurious is reversed (RFC 4015 §3.2, RFC 5682 §3.1): the bound before it returns. */
    public CongestionBounds undo() {
        return new CongestionBounds(rules, smss, Math.max(cwnd, prior.cwnd()), Math.max(ssthresh, prior.ssthresh()),
                una, 0, false, una, false, prior);
    }

    /**
     * Whether {@code flight} octets in flight (FlightSize, or RFC 6675's pipe with SACK) are allowed after the ACKs
     * seen. Returns the violation; empty means allowed.
     */
    public List<String> check(long flight) {
        long max = limit();
        return flight <= max ? List.empty()
                : List.of("MUST-19: " + flight + " octets in flight, more than the " + max + " the congestion window "
                + "can allow (RFC 5681 " + (recovery ? "§3.2" : slowStart() ? "§3.1 slow start" : "§3.1 congestion "
                + "avoidance") + ", RFC 9438)");
    }

    /**
     * The largest ssthresh a reduction may set: RFC 9438 §4.6's flight_size * β_cubic (0.7), wider than RFC 5681 §3.1
     * equation (4)'s max(FlightSize / 2, 2 * SMSS), of the larger of the window {@code flightBound} and the {@code
     * flightSize} outstanding (which may exceed cwnd after a recovery ends, RFC 6582 §3.2 step 3's "min (ssthresh,
     * max(FlightSize, SMSS) + SMSS)"); never below 2 * SMSS.
     */
    private long reduced(long flightBound, long flightSize) {
        return Math.max((7 * Math.max(flightBound, flightSize) + 9) / 10, 2L * smss);
    }

    private static long ceilHalf(long n) {
        return (n + 1) / 2;
    }

    private CongestionBounds with(long c, long s, SeqNum u, int d, boolean r, boolean b, Prior p) {
        return new CongestionBounds(rules, smss, c, s, u, d, r, recover, b, p);
    }
}
