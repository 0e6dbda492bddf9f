package com.example.tinytcp;

import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.conformance.Level;
import io.github.tcpmodel.property.group.ConformanceProperties;

/**
 * A deliberately broken TinyTcp whose SYN,ACK acknowledges the peer's ISN instead of ISN + 1. Its name does not end
 * in {@code Test}, so the build runs it only when asked ({@code -Dtest=...}, as the kit's replay line does, or from
 * {@link ReplayTest}).
 */
class BrokenTinyTcpConformance extends ConformanceProperties {

    /** SEG.ACK = IRS: the SYN is not acknowledged (§3.4: a SYN occupies one sequence number). */
    static final class WrongSynAck extends TinyTcp {
        WrongSynAck(long firstIss) {
            super(firstIss);
        }

        @Override
        protected Seg synAck(long iss, long rcvNxt) {
            return new Seg(iss, mod(rcvNxt - 1), true, true, false, false, WINDOW);
        }
    }

    @Override
    protected Implementation.ConformanceFactory implementation() {
        return TinyTcpAdapter.factory("tiny-tcp (SYN,ACK acknowledges IRS)", WrongSynAck::new);
    }

    @Override
    protected Level level() {
        return Level.HANDSHAKE_AND_CLOSE;
    }
}
