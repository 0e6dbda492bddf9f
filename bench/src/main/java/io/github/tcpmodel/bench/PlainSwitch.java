package io.github.tcpmodel.bench;

import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;

/**
 * The reference for {@link TableStepBench}: Figure 5's state changes as nested switch expressions over enums, every
 * constant listed.
 */
final class PlainSwitch {

    private PlainSwitch() {
    }

    static TcpState next(TcpState s, Event e) {
        return switch (s) {
            case CLOSED -> switch (e) {
                case PASSIVE_OPEN -> TcpState.LISTEN;
                case ACTIVE_OPEN -> TcpState.SYN_SENT;
                case SEND, RECEIVE, CLOSE, ABORT, STATUS, RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK,
                        RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, RCV_RST, TIME_WAIT_TIMEOUT, USER_TIMEOUT,
                        RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> s;
            };
            case LISTEN -> switch (e) {
                case CLOSE -> TcpState.CLOSED;
                case RCV_SYN -> TcpState.SYN_RECEIVED;
                case SEND -> TcpState.SYN_SENT;
                case PASSIVE_OPEN, ACTIVE_OPEN, RECEIVE, ABORT, STATUS, RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_ACK,
                        RCV_BAD_ACK, RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, RCV_RST, TIME_WAIT_TIMEOUT,
                        USER_TIMEOUT, RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> s;
            };
            case SYN_SENT -> switch (e) {
                case CLOSE -> TcpState.CLOSED;
                case RCV_SYN -> TcpState.SYN_RECEIVED;
                case RCV_SYN_ACK -> TcpState.ESTABLISHED;
                case PASSIVE_OPEN, ACTIVE_OPEN, SEND, RECEIVE, ABORT, STATUS, RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK,
                        RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, RCV_RST, TIME_WAIT_TIMEOUT, USER_TIMEOUT,
                        RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> s;
            };
            case SYN_RECEIVED -> switch (e) {
                case RCV_ACK_OF_SYN -> TcpState.ESTABLISHED;
                case CLOSE -> TcpState.FIN_WAIT_1;
                case RCV_RST -> TcpState.LISTEN;
                case PASSIVE_OPEN, ACTIVE_OPEN, SEND, RECEIVE, ABORT, STATUS, RCV_SYN, RCV_SYN_ACK, RCV_ACK,
                        RCV_BAD_ACK, RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, TIME_WAIT_TIMEOUT, USER_TIMEOUT,
                        RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> s;
            };
            case ESTABLISHED -> switch (e) {
                case CLOSE -> TcpState.FIN_WAIT_1;
                case RCV_FIN -> TcpState.CLOSE_WAIT;
                case PASSIVE_OPEN, ACTIVE_OPEN, SEND, RECEIVE, ABORT, STATUS, RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN,
                        RCV_ACK, RCV_BAD_ACK, RCV_ACK_OF_FIN, RCV_FIN_ACK_OF_FIN, RCV_RST, TIME_WAIT_TIMEOUT,
                        USER_TIMEOUT, RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> s;
            };
            case FIN_WAIT_1 -> switch (e) {
                case RCV_ACK_OF_FIN -> TcpState.FIN_WAIT_2;
                case RCV_FIN -> TcpState.CLOSING;
                case RCV_FIN_ACK_OF_FIN -> TcpState.TIME_WAIT;
                case PASSIVE_OPEN, ACTIVE_OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS, RCV_SYN, RCV_SYN_ACK,
                        RCV_ACK_OF_SYN, RCV_ACK, RCV_BAD_ACK, RCV_RST, TIME_WAIT_TIMEOUT, USER_TIMEOUT,
                        RETRANSMISSION_TIMEOUT, KEEPALIVE_TIMEOUT, FIN_WAIT_2_TIMEOUT -> s;
            };
            case FIN_WAIT_2 -> e == Event.RCV_FIN ? TcpState.TIME_WAIT : s;
            case CLOSE_WAIT -> e == Event.CLOSE ? TcpState.LAST_ACK : s;
            case CLOSING -> e == Event.RCV_ACK_OF_FIN ? TcpState.TIME_WAIT : s;
            case LAST_ACK -> e == Event.RCV_ACK_OF_FIN ? TcpState.CLOSED : s;
            case TIME_WAIT -> e == Event.TIME_WAIT_TIMEOUT ? TcpState.CLOSED : s;
        };
    }
}
