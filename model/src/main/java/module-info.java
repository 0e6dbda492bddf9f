/**
 * The reference model of TCP connection management (RFC 9293).
 *
 * <p>Pure: no I/O, clocks, randomness or mutable state. Time and initial sequence numbers are inputs.
 */
module io.github.tcpmodel.model {
    requires transitive io.vavr;

    exports io.github.tcpmodel.table;
    exports io.github.tcpmodel.check;
    exports io.github.tcpmodel.check.tcp;
    exports io.github.tcpmodel.check.tla;
}
