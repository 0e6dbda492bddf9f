package io.github.tcpmodel.linux.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.table.TcpState;
import io.vavr.collection.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SocketTableTest {

    @Test
    void everyKernelStateNameMapsToItsRfcState() {
        String[][] pairs = {
            {"UNCONN", "CLOSED"}, {"LISTEN", "LISTEN"}, {"SYN-SENT", "SYN-SENT"}, {"SYN-RECV", "SYN-RECEIVED"},
            {"ESTAB", "ESTABLISHED"}, {"FIN-WAIT-1", "FIN-WAIT-1"}, {"FIN-WAIT-2", "FIN-WAIT-2"},
            {"CLOSE-WAIT", "CLOSE-WAIT"}, {"CLOSING", "CLOSING"}, {"LAST-ACK", "LAST-ACK"},
            {"TIME-WAIT", "TIME-WAIT"},
        };
        java.util.Set<TcpState> covered = java.util.EnumSet.noneOf(TcpState.class);
        for (String[] p : pairs) {
            TcpState s = SocketTable.stateOf(p[0]).get();
            assertEquals(p[1], s.rfcName());
            covered.add(s);
        }
        assertEquals(java.util.EnumSet.allOf(TcpState.class), covered);
        assertTrue(SocketTable.stateOf("BOGUS").isEmpty());
    }

    @Test
    void linesWithListenersTimersAndMappedAddressesParse() {
        String out = String.join("\n",
                "LISTEN     0      8           10.77.0.1:5001          0.0.0.0:*",
                "LISTEN     0      4096                *:80                  *:*",
                "SYN-RECV   0      0           10.77.0.1:5001        10.77.0.2:40001 timer:(on,1.200ms,0)",
                "ESTAB      13     0   [::ffff:10.77.0.1]:5001 [::ffff:10.77.0.2]:40002",
                "TIME-WAIT  0      0           10.77.0.1:5001        10.77.0.2:40003 timer:(timewait,59sec,0)",
                "FIN-WAIT-2 0      0     127.0.0.53%lo:53              [::]:*   timer:(timewait,1min5sec,0)",
                "");
        List<KernelSocket> sockets = SocketTable.parse(out).get();
        assertEquals(6, sockets.size());
        KernelSocket listener = sockets.get(0);
        assertEquals(TcpState.LISTEN, listener.state());
        assertEquals(5001, listener.local().getPort());
        assertEquals(0, listener.peer().getPort());
        assertEquals(8, listener.sendQ());
        assertTrue(sockets.get(1).local().getAddress().isAnyLocalAddress());
        KernelSocket synRecv = sockets.get(2);
        assertEquals(TcpState.SYN_RECEIVED, synRecv.state());
        assertEquals("SYN-RECV", synRecv.kernelName());
        assertEquals(new KernelSocket.Timer("on", Duration.ofMillis(1200), 0), synRecv.timer().get());
        KernelSocket mapped = sockets.get(3);
        assertEquals("10.77.0.1", mapped.local().getAddress().getHostAddress());
        assertTrue(mapped.connects(5001, 40002));
        assertEquals(13, mapped.recvQ());
        assertEquals(Duration.ofSeconds(59), sockets.get(4).timer().get().remaining());
        assertEquals(Duration.ofSeconds(65), sockets.get(5).timer().get().remaining());
        assertEquals("127.0.0.53", sockets.get(5).local().getAddress().getHostAddress());
    }

    @Test
    void durationsInEveryFormSsPrints() {
        assertEquals(Duration.ofMillis(200), SocketTable.duration("200ms").get());
        assertEquals(Duration.ofMillis(3050), SocketTable.duration("3.050ms").get());
        assertEquals(Duration.ofSeconds(12), SocketTable.duration("12sec").get());
        assertEquals(Duration.ofMinutes(2), SocketTable.duration("2min").get());
        assertEquals(Duration.ofSeconds(61), SocketTable.duration("1min1sec").get());
        assertEquals(Duration.ZERO, SocketTable.duration("").get());
        assertTrue(SocketTable.duration("soon").isEmpty());
    }

    @Test
    void malformedLinesAreErrorValues() {
        assertEquals(NetnsError.Kind.UNPARSEABLE, SocketTable.parse("ESTAB 0 0 10.0.0.1:1").getLeft().kind());
        assertEquals(NetnsError.Kind.UNPARSEABLE,
                SocketTable.parse("WEIRD 0 0 10.0.0.1:1 10.0.0.2:2").getLeft().kind());
        assertEquals(NetnsError.Kind.UNPARSEABLE,
                SocketTable.parse("ESTAB x 0 10.0.0.1:1 10.0.0.2:2").getLeft().kind());
        assertEquals(NetnsError.Kind.UNPARSEABLE,
                SocketTable.parse("ESTAB 0 0 example.com:1 10.0.0.2:2").getLeft().kind());
        assertEquals(NetnsError.Kind.UNPARSEABLE,
                SocketTable.parse("ESTAB 0 0 10.0.0.1:99999 10.0.0.2:2").getLeft().kind());
        assertEquals(NetnsError.Kind.UNPARSEABLE,
                SocketTable.parse("ESTAB 0 0 10.0.0.1:1 10.0.0.2:2 timer:(on,soon,0)").getLeft().kind());
        assertTrue(SocketTable.parse("\n\n").get().isEmpty());
    }
}
