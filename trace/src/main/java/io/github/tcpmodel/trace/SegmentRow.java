package io.github.tcpmodel.trace;

import io.github.tcpmodel.table.TcpState;
import java.util.Objects;

/**
 * One segment of a connection with both endpoints' states after it: what a table row or a sequence chart needs.
 *
 * @param frame     the frame number (1 is the first record of the file)
 * @param timeNanos capture time, ns since the Unix epoch
 * @param from      the sender: 0 for the first endpoint of the connection, 1 for the second
 * @param flags     the control bits as tcpdump prints them ({@code S}, {@code S.}, {@code F.}, {@code R.}, ...)
 * @param seq       SEG.SEQ
 * @param ack       SEG.ACK (0 without the ACK bit)
 * @param len       payload octets
 * @param window    SEG.WND as on the wire (unscaled)
 * @param state0    the first endpoint's state after the segment
 * @param state1    the second endpoint's state after the segment
 * @param note      what was inferred around it (a user call, a retransmission), or empty
 */
public record SegmentRow(long frame, long timeNanos, int from, String flags, long seq, long ack, int len, int window,
                         TcpState state0, TcpState state1, String note) {
    public SegmentRow {
        Objects.requireNonNull(flags, "flags is null");
        Objects.requireNonNull(state0, "state0 is null");
        Objects.requireNonNull(state1, "state1 is null");
        Objects.requireNonNull(note, "note is null");
    }

    /** The same row with the state of endpoint {@code side} replaced. */
    SegmentRow withState(int side, TcpState s) {
        return side == 0
                ? new SegmentRow(frame, timeNanos, from, flags, seq, ack, len, window, s, state1, note)
                : new SegmentRow(frame, timeNanos, from, flags, seq, ack, len, window, state0, s, note);
    }
}
