package io.github.tcpmodel.trace;

import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.tcb.Tcb;
import java.util.ArrayDeque;
import java.util.ArrayList;

/** What the checker knows of one endpoint: its TCB in the model, and what the capture showed of it. */
final class EndpointView {

    /**
     * A segment sent to this endpoint and not yet taken as arrived; {@code retransmission}: it repeats sequence space
     * its sender had sent before.
     */
    record InFlight(CapturedSegment wire, Segment model, long frame, long timeNanos, boolean retransmission) {
    }

    /**
     * The endpoint's TCB as it was before the arrival of the segment of frame {@code frame}, seen at {@code
     * timeNanos}: a segment of this endpoint seen shortly after may have been sent before that arrival. {@code
     * assumed}: that arrival was inferred from time alone (the segment had sequence space its receiver had not
     * acknowledged). {@code states}, {@code last}, {@code recorded}: its state entries then; {@code lastSentFrame}:
     * the frame of the last segment it had sent then; {@code segment}: the segment that arrived; {@code
     * echoSeenBefore}: the arrival before it carried the same TSval (so an echo of that value does not show that
     * this one had been processed).
     */
    record Past(Tcb tcb, long frame, long timeNanos, boolean assumed, int states, TcpState last, boolean recorded,
                long lastSentFrame, InFlight segment, boolean echoSeenBefore) {
    }

    /**
     * The endpoint before the last segment taken as arrived, when that was a bare ACK: undone if it was lost. {@code
     * tsVal}: that ACK's TSval, -1 without one or when the arrival before it had the same (an echo of the value
     * would not tell them apart); {@code ackTime}: when the capture point saw that ACK; {@code segment}: the ACK.
     */
    record BeforeAck(Tcb tcb, int states, TcpState last, boolean recorded, long atFrame, long ackFrame, long ack,
                     long tsVal, long ackTime, InFlight segment) {
    }

    final String address;
    BeforeAck beforeAck;
    Tcb tcb = Tcb.closed();
    /** Nothing is known of this endpoint yet: it has sent nothing, and nothing has been taken as arrived. */
    boolean fresh = true;
    /** The window scale option of its SYN, -1 without one. */
    int windowScale = -1;
    /** Whether its SYN (or SYN,ACK) was seen, and whether it carried SACK-Permitted (RFC 2018 §2). */
    boolean synSeen;
    boolean sackPermitted;
    /** The TSval of its SYN (RFC 7323 §3.2), -1 without a Timestamps option. */
    long synTsVal = -1;
    /** The capture began mid-connection: its window scale is unknown. */
    boolean scaleUnknown;
    /** Its send variables were guessed from the peer's segments; its first segment re-seats them. */
    boolean sendGuessed;
    /** The right edge of the window it last advertised: SEG.ACK + SEG.WND (scaled). */
    long rightEdge = -1;
    /**
     * The SEG.SEQ and SEG.ACK of the segment that set {@link #rightEdge} (null before): an older segment does not
     * move the edge left (see {@code Conversation#advertise}).
     */
    io.github.tcpmodel.seq.SeqNum edgeSeq;
    io.github.tcpmodel.seq.SeqNum edgeAck;
    /**
     * Its TCB includes the arrival of a segment with sequence space inferred from time alone (its receiver had not
     * acknowledged it yet): what it sends next is judged on a guess about the capture point.
     */
    boolean assumedArrival;
    /** Resets the model expects this endpoint to send in answer to a segment. */
    int expectedResets;
    // Small at first: most connections have a few segments in flight at a time, and the deques grow as needed.
    final ArrayDeque<InFlight> inbound = new ArrayDeque<>(4);
    /** Its TCB before each of the latest arrivals, the newest last. */
    final ArrayDeque<Past> past = new ArrayDeque<>(4);
    final ArrayList<StateEntry> states = new ArrayList<>();
    TcpState last = TcpState.CLOSED;
    boolean stateRecorded;
    /**
     * Its timestamp clock as the capture shows it (RFC 7323 §3, TSval): each new TSval value and the time it was first
     * seen, oldest first, the last {@value #TS_KEPT}. A segment whose TSval is older than one seen before was sent
     * before that one and reached the capture point late (held in a queue, or reordered on the way).
     */
    static final int TS_KEPT = 64;
    /**
     * Allocated with the first TSval, a few values at first (as {@link #tsAck}): most endpoints never need {@value
     * #TS_KEPT}.
     */
    long[] tsValue = new long[0];
    long[] tsSeen = new long[0];
    int tsCount;
    /** The latest any of its segments was seen, by its TSval: how long its earlier TCBs are worth keeping. */
    long lateBy;

    /**
     * Its segment with TSval {@code val}, seen at {@code time}: recorded if the value is new (the result is then
     * false). Otherwise the segment was sent while its clock read {@code val}: {@link #sentFrom} and {@link #sentBy}
     * bound when, as the capture point saw that clock (from the last time it was seen at that value or before, to
     * the first time it was seen after, or now).
     */
    boolean clock(long val, long time) {
        if (tsCount > 0) {
            long newest = tsValue[(tsCount - 1) % TS_KEPT];
            if (newest == val) {
                // Sent at any time since its clock was first seen to read this value.
                sentFrom = tsSeen[(tsCount - 1) % TS_KEPT];
                sentBy = time;
                olderClock = false;
                return true;
            }
            if (io.github.tcpmodel.semantics.Paws.before(val, newest)) {
                int first = tsCount - Math.min(tsCount, TS_KEPT);
                sentFrom = Long.MIN_VALUE;
                sentBy = tsSeen[(tsCount - 1) % TS_KEPT];
                for (int i = first; i < tsCount; i++) {
                    if (io.github.tcpmodel.semantics.Paws.before(val, tsValue[i % TS_KEPT])) {
                        sentBy = tsSeen[i % TS_KEPT];
                        break;
                    }
                    sentFrom = tsSeen[i % TS_KEPT];
                }
                lateBy = Math.max(lateBy, time - sentBy);
                olderClock = true;
                return true;
            }
        }
        if (tsCount < TS_KEPT && tsCount == tsValue.length) {
            int n = Math.min(TS_KEPT, Math.max(8, tsCount * 2));
            tsValue = java.util.Arrays.copyOf(tsValue, n);
            tsSeen = java.util.Arrays.copyOf(tsSeen, n);
            tsAck = java.util.Arrays.copyOf(tsAck, n);
        }
        tsValue[tsCount % TS_KEPT] = val;
        tsSeen[tsCount % TS_KEPT] = time;
        tsAck[tsCount % TS_KEPT] = tsCount == 0 ? -1 : tsAck[(tsCount - 1) % TS_KEPT];
        tsCount++;
        return false;
    }

    /**
     * The highest SEG.ACK it sent with TSval up to each kept value (-1: none), so that {@link #ackFloor} can say what
     * any segment it sent later had at least acknowledged: RCV.NXT never moves back.
     */
    long[] tsAck = new long[0];

    /** Its segment with TSval {@code val} (not older than its newest) carried SEG.ACK {@code ack}. */
    void acked(long val, long ack) {
        int i = (tsCount - 1) % TS_KEPT;
        if (tsCount > 0 && tsValue[i] == val
                && (tsAck[i] < 0 || io.github.tcpmodel.semantics.Paws.before(tsAck[i], ack))) {
            tsAck[i] = ack;
        }
    }

    /**
     * The highest SEG.ACK among its segments with a TSval before {@code val}: sent before a segment with TSval {@code
     * val}, so that segment's SEG.ACK is at least this. -1 when none is kept.
     */
    long ackFloor(long val) {
        long floor = -1;
        for (int i = tsCount - Math.min(tsCount, TS_KEPT); i < tsCount; i++) {
            if (!io.github.tcpmodel.semantics.Paws.before(tsValue[i % TS_KEPT], val)) {
                break;
            }
            floor = tsAck[i % TS_KEPT];
        }
        return floor;
    }

    /** When its clock was first seen to read its newest value, {@link Long#MAX_VALUE} before any. */
    long clockSince() {
        return tsCount == 0 ? Long.MAX_VALUE : tsSeen[(tsCount - 1) % TS_KEPT];
    }

    /** Whether the segment {@link #clock} dated last carried a value older than the newest seen before it. */
    boolean olderClock;

    /**
     * When {@link #clock} found a segment late: the span of capture times in which it was sent (from when its clock
     * was last seen at or before its TSval, {@link Long#MIN_VALUE} if not kept, to when it was first seen after).
     */
    long sentFrom;
    long sentBy;

    /** Its ISS and SND.NXT after the last segment it sent while synchronized (null before): the space it used. */
    io.github.tcpmodel.seq.SeqNum usedIss;
    io.github.tcpmodel.seq.SeqNum usedNxt;
    /** The SEG.ACK of the last segment it sent with one: the RCV.NXT it last advertised, null before. */
    io.github.tcpmodel.seq.SeqNum lastSentAck;
    /** The TSval of the last segment taken as arrived, -1 without one. */
    long lastArrivalTs = -1;
    /** The frame and time of the last segment it sent. */
    long lastSentFrame;
    long lastSentTime;

    EndpointView(String address) {
        this.address = address;
    }
}
