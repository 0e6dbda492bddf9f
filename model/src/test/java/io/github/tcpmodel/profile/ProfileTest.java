package io.github.tcpmodel.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.Provenance;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import io.vavr.Tuple;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class ProfileTest {

    static final ConnectionState TIME_WAIT = ConnectionState.of(TcpState.TIME_WAIT);
    static final ConnectionState FIN_WAIT_2 = ConnectionState.of(TcpState.FIN_WAIT_2);

    @Test
    void referenceProfileRefinesTheReferenceTable() {
        assertEquals(TransitionTable.rfc9293(), Profile.rfc9293().table());
        assertTrue(Profile.rfc9293().rfc5961());
        assertTrue(Profile.rfc9293().keepalive().isEmpty(), "MUST-25: keep-alive off by default");
        assertEquals(2 * 120_000, Profile.rfc9293().timeWait(), "2 MSL, MSL = 2 minutes");
    }

    @Test
    void linuxTableDiffersWhereLinuxDeparts() {
        TransitionTable linux = Profile.linux().table();
        assertEquals(List.of(Tuple.of(FIN_WAIT_2, Event.FIN_WAIT_2_TIMEOUT), Tuple.of(TIME_WAIT, Event.RCV_SYN),
                Tuple.of(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_SYN_ACK),
                Tuple.of(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_BAD_ACK),
                Tuple.of(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_RST),
                Tuple.of(ConnectionState.synReceived(Origin.PASSIVE), Event.RCV_BAD_ACK),
                Tuple.of(ConnectionState.synReceived(Origin.PASSIVE), Event.RCV_SYN),
                Tuple.of(ConnectionState.synReceived(Origin.PASSIVE), Event.RCV_SYN_ACK)).sortBy(Object::toString), linux.differences(TransitionTable.rfc9293()).sortBy(Object::toString));
        assertEquals(ConnectionState.synReceived(Origin.PASSIVE), linux.next(TIME_WAIT, Event.RCV_SYN));
        assertEquals(ConnectionState.of(TcpState.CLOSED), linux.next(FIN_WAIT_2, Event.FIN_WAIT_2_TIMEOUT));
        assertTrue(linux.differences(TransitionTable.rfc9293()).forAll(d -> ((Outcome.Transition) linux.step(d._1,
                d._2)).provenance() == Provenance.VARIANT));
        assertEquals(ConnectionState.of(TcpState.ESTABLISHED),
                linux.next(ConnectionState.synReceived(Origin.ACTIVE), Event.RCV_SYN_ACK));
        assertEquals("rfc9293+time-wait-reopen+fin-wait-2-timeout+crossed-syn-ack+request-socket"
                + "+syn-received-bad-ack-reset+simultaneous-open-reset", linux.name());
    }

    @Test
    void mssAndUserTimeoutWithers() {
        Profile p = Profile.rfc9293();
        Profile q = p.withMss(1460).withUserTimeout(Option.some(10_000L));
        assertEquals(536, p.mss());
        assertEquals(1460, q.mss());
        assertEquals(Option.some(10_000L), q.userTimeout());
        assertEquals(Option.none(), Profile.rfc9293().withUserTimeout(Option.none()).userTimeout());
        assertEquals(p.table(), q.table());
        assertEquals(p, q.withMss(p.mss()).withUserTimeout(p.userTimeout()));
        assertTrue(!p.equals(q));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> p.withMss(0));
    }

    @Test
    void linuxNumbers() {
        Profile l = Profile.linux();
        assertEquals(60_000, l.timeWait());
        assertEquals(Option.some(60_000L), l.finWait2Timeout());
        assertEquals(Option.some(new Keepalive(7_200_000, 75_000, 9)), l.keepalive());
        assertTrue(l.resetOnCloseWithUnreadData());
        // Observed SYN retransmissions at about 1, 2, 3, 4, 5, 7, 11, 19, 35 s (tun-netns-recipe.md).
        long at = 0;
        List<Long> times = List.empty();
        for (int k = 0; k < l.synRetries(); k++) {
            at += l.synInterval(k);
            times = times.append(at);
        }
        assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 7_000L, 11_000L, 19_000L, 35_000L), times);
    }

    @Test
    void switchesDeriveVariants() {
        TransitionTable no5961 = Profile.rfc9293().withRfc5961(false).table();
        assertEquals(18, no5961.differences(TransitionTable.rfc9293()).size(),
                "SYN and SYN,ACK in 8 states, and the bad ACK in both SYN-RECEIVED states");
        assertEquals(ConnectionState.of(TcpState.CLOSED),
                no5961.next(ConnectionState.of(TcpState.ESTABLISHED), Event.RCV_SYN));
        TransitionTable r1337 = Profile.rfc9293().withRfc1337(true).table();
        assertTrue(!r1337.step(TIME_WAIT, Event.RCV_RST).isTransition());
        assertEquals(Profile.rfc9293().table(), Profile.rfc9293().withRfc1337(true).withRfc1337(false).table());
    }
}
