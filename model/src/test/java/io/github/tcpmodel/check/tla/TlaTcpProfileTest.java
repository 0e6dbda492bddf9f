package io.github.tcpmodel.check.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.check.Explorer;
import io.github.tcpmodel.check.Options;
import io.github.tcpmodel.check.Progress;
import io.github.tcpmodel.check.Result;
import org.junit.jupiter.api.Test;

class TlaTcpProfileTest {

    // tlaplus/Examples specifications/tcp/manifest.json: MCtcp.cfg, distinctStates 1182, totalStates 6322,
    // stateDepth 14.
    @Test
    void reproducesTlcFigures() {
        Result r = Explorer.check(new TlaTcpProfile(), Options.defaults().withThreads(1), Progress.SILENT);
        System.out.println(r.summary());
        assertEquals(1182, r.distinct());
        assertEquals(6322, r.generated());
        assertEquals(14, r.depth());
        assertTrue(r.holds(), r::summary);
    }
}
