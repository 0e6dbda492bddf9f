/**
 * The reference model of TCP connection management (RFC 9293).
 *
 * <p>Pure: no I/O, clocks, randomness or mutable state. Time and initial sequence numbers are inputs.
 */
module io.github.tcpmodel.model {
    requires transitive io.vavr;

    exports io.github.tcpmodel.table;
    exports io.github.tcpmodel.seq;
    exports io.github.tcpmodel.option;
    exports io.github.tcpmodel.segment;
    exports io.github.tcpmodel.tcb;
    exports io.github.tcpmodel.profile;
    exports io.github.tcpmodel.semantics;
    exports io.github.tcpmodel.conformance;
}
