package io.github.tcpmodel.check.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.ExplorationResult;
import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class TlaTcpProfileTest {

    // tlaplus/Examples specifications/tcp/manifest.json, model MCtcp.cfg: distinctStates 1182, totalStates 6322,
    // stateDepth 14.
    @Test
    void reproducesTlcFigures() {
        ExplorationResult r = Explorer.check(new TlaTcpProfile(), Options.defaults().withThreads(1), Progress.SILENT);
        assertEquals(1182, r.distinct());
        assertEquals(6322, r.generated());
        assertEquals(14, r.depth());
        assertTrue(r.holds(), r::summary);
        assertEquals(List.of("TypeOK", "Inv"), new TlaTcpProfile().invariants().map(i -> i.name()));
    }

    @Test
    void reproducesTlcFiguresOnTwoThreads() {
        ExplorationResult r = Explorer.check(new TlaTcpProfile(), Options.defaults().withThreads(2), Progress.SILENT);
        assertEquals(List.of(1182L, 6322L, 14L), List.of(r.distinct(), r.generated(), (long) r.depth()));
    }

    @Test
    void twoInitialStatesOneQueuedSyn() {
        java.util.List<long[]> init = new java.util.ArrayList<>();
        new TlaTcpProfile().initial((l, s) -> init.add(s.clone()));
        assertEquals(2, init.size());
        for (long[] s : init) {
            assertEquals(1, TlaTcpProfile.len(s[0]) + TlaTcpProfile.len(s[1]));
            assertTrue(TlaTcpProfile.tcb(s[0]) && TlaTcpProfile.tcb(s[1]));
        }
    }

    @Test
    void noRetransmissionRejectsTwoEqualMessagesInARow() {
        TlaTcpProfile p = new TlaTcpProfile();
        long q = TlaTcpProfile.append(TlaTcpProfile.append(0, TlaTcpProfile.Msg.RST), TlaTcpProfile.Msg.RST);
        long r = TlaTcpProfile.append(TlaTcpProfile.append(0, TlaTcpProfile.Msg.RST), TlaTcpProfile.Msg.FIN);
        assertEquals(false, p.withinBounds(new long[] {q, 0}));
        assertEquals(true, p.withinBounds(new long[] {r, 0}));
        assertEquals(TlaTcpProfile.Msg.FIN, TlaTcpProfile.head(TlaTcpProfile.tail(r)).get());
    }
}
