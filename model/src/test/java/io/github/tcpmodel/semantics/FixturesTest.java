package io.github.tcpmodel.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.tcb.Tcb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixturesTest {

    @ParameterizedTest
    @MethodSource("io.github.tcpmodel.semantics.Fx#allProfiles")
    void everyStateIsReachedInTableOrder(Profile p) {
        assertEquals(ConnectionState.all(), Fx.everyState(p).map(Tcb::state));
    }
}
