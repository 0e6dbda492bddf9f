package io.github.tcpmodel.tcb;

import io.github.tcpmodel.seq.SeqNum;
import java.util.Objects;

/**
 * What the handshake negotiated and the per-connection option state (RFC 7323, RFC 2018, RFC 3168): the window
 * scale shifts, the timestamp variables, SACK and ECN. Options are negotiated on SYN and SYN,ACK only, and only
 * what both sides sent is in use (RFC 7323 §2.2, §3.2; RFC 2018 §2; RFC 3168 §6.1.1).
 *
 * @param windowScaling whether window scaling is in use: both SYNs carried a Window Scale option (RFC 7323 §2.2)
 * @param sndShift      Snd.Wind.Shift: the shift applied to SEG.WND of the peer's segments after its SYN (§2.3),
 *                      at most 14; 0 without window scaling
 * @param rcvShift      Rcv.Wind.Shift: the shift this side applies to the windows it advertises after its SYN; 0
 *                      without window scaling
 * @param timestamps    whether timestamps are in use: both SYNs carried a Timestamps option (RFC 7323 §3.2)
 * @param tsRecent      TS.Recent: the peer's TSval to echo, and PAWS's reference (RFC 7323 §4.3, §5.3)
 * @param tsRecentAt    the time (ms) TS.Recent was last set, for the 24-day idle rule (RFC 7323 §5.5)
 * @param lastAckSent   Last.ACK.sent: SEG.ACK of the last segment this side sent (RFC 7323 §4.3)
 * @param sackOk        whether SACK may be used: both SYNs carried SACK-Permitted (RFC 2018 §2)
 * @param ecn           whether ECN is in use: an ECN-setup SYN answered by an ECN-setup SYN,ACK (RFC 3168 §6.1.1)
 */
public record Negotiated(boolean windowScaling, int sndShift, int rcvShift, boolean timestamps, long tsRecent,
                         long tsRecentAt, SeqNum lastAckSent, boolean sackOk, boolean ecn) {

    /** The largest shift count (RFC 7323 §2.3). */
    public static final int MAX_SHIFT = 14;

    /** Nothing negotiated: no window scaling, timestamps, SACK or ECN (a TCB before any SYN arrived). */
    public static final Negotiated NONE = new Negotiated(false, 0, 0, false, 0, 0, SeqNum.ZERO, false, false);

    public Negotiated {
        Objects.requireNonNull(lastAckSent, "lastAckSent is null");
        if (sndShift < 0 || sndShift > MAX_SHIFT || rcvShift < 0 || rcvShift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift counts out of range [0, 14]: " + sndShift + ", " + rcvShift);
        }
        if (tsRecent < 0 || tsRecent > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("TS.Recent is an unsigned 32-bit value: " + tsRecent);
        }
        if ((sndShift != 0 || rcvShift != 0) && !windowScaling) {
            throw new IllegalArgumentException("shift counts without window scaling");
        }
    }

    /** The same state with TS.Recent = {@code ts}, set at {@code now}. */
    public Negotiated withTsRecent(long ts, long now) {
        return new Negotiated(windowScaling, sndShift, rcvShift, timestamps, ts, now, lastAckSent, sackOk, ecn);
    }

    /** The same state with Last.ACK.sent = {@code ack}. */
    public Negotiated withLastAckSent(SeqNum ack) {
        return new Negotiated(windowScaling, sndShift, rcvShift, timestamps, tsRecent, tsRecentAt, ack, sackOk, ecn);
    }
}
