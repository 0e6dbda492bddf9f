package io.github.tcpmodel.bench;

import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;

/** The reference for {@link TableStepBench}: Figure 5's state changes as nested switches over enums. */
final class PlainSwitch {

    private PlainSwitch() {
    }

    static TcpState next(TcpState s, Event e) {
        switch (s) {
            case CLOSED:
                switch (e) {
                    case PASSIVE_OPEN: return TcpState.LISTEN;
                    case ACTIVE_OPEN: return TcpState.SYN_SENT;
                    default: return s;
                }
            case LISTEN:
                switch (e) {
                    case CLOSE: return TcpState.CLOSED;
                    case RCV_SYN: return TcpState.SYN_RECEIVED;
                    case SEND: return TcpState.SYN_SENT;
                    default: return s;
                }
            case SYN_SENT:
                switch (e) {
                    case CLOSE: return TcpState.CLOSED;
                    case RCV_SYN: return TcpState.SYN_RECEIVED;
                    case RCV_SYN_ACK: return TcpState.ESTABLISHED;
                    default: return s;
                }
            case SYN_RECEIVED:
                switch (e) {
                    case RCV_ACK_OF_SYN: return TcpState.ESTABLISHED;
                    case CLOSE: return TcpState.FIN_WAIT_1;
                    case RCV_RST: return TcpState.LISTEN;
                    default: return s;
                }
            case ESTABLISHED:
                switch (e) {
                    case CLOSE: return TcpState.FIN_WAIT_1;
                    case RCV_FIN: return TcpState.CLOSE_WAIT;
                    default: return s;
                }
            case FIN_WAIT_1:
                switch (e) {
                    case RCV_ACK_OF_FIN: return TcpState.FIN_WAIT_2;
                    case RCV_FIN: return TcpState.CLOSING;
                    case RCV_FIN_ACK_OF_FIN: return TcpState.TIME_WAIT;
                    default: return s;
                }
            case FIN_WAIT_2:
                return e == Event.RCV_FIN ? TcpState.TIME_WAIT : s;
            case CLOSE_WAIT:
                return e == Event.CLOSE ? TcpState.LAST_ACK : s;
            case CLOSING:
                return e == Event.RCV_ACK_OF_FIN ? TcpState.TIME_WAIT : s;
            case LAST_ACK:
                return e == Event.RCV_ACK_OF_FIN ? TcpState.CLOSED : s;
            case TIME_WAIT:
                return e == Event.TIME_WAIT_TIMEOUT ? TcpState.CLOSED : s;
            default:
                throw new AssertionError(s);
        }
    }
}
