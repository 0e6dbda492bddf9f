package com.example.tinytcp;

import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.conformance.Level;
import io.github.tcpmodel.property.group.ConformanceProperties;

/** TinyTcp against RFC 9293's connection management: the kit's canonical scenarios and random traces. */
class TinyTcpConformanceTest extends ConformanceProperties {

    @Override
    protected Implementation.ConformanceFactory implementation() {
        return TinyTcpAdapter.factory("tiny-tcp", TinyTcp::new);
    }

    @Override
    protected Level level() {
        return Level.HANDSHAKE_AND_CLOSE;
    }
}
