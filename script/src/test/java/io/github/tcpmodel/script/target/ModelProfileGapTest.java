package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.Flag;
import io.github.tcpmodel.script.ScriptSegment;
import io.github.tcpmodel.script.SocketCall;
import io.github.tcpmodel.script.Target;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

// Regression tests: behaviours where the linux profile must predict the kernel, each seen in the kernel corpus.
class ModelProfileGapTest {

    // The kernel retransmits its SYN,ACK after 1 s, then 2 s later (synack-retransmit.pkt): doubling, as RFC 6298
    // §5.5 asks; the SYN's linear timeouts (tcp_syn_linear_timeouts) do not apply to the SYN,ACK.
    @Test
    void linuxProfileDoublesTheSynAckRetransmissionTimeout() {
        ModelTarget t = new ModelTarget(Profile.linux());
        t.call(new SocketCall.Socket());
        t.call(new SocketCall.Listen(3, Option.none()));
        t.inject(new ScriptSegment(HashSet.of(Flag.SYN), 100, 0, 65535, List.empty(), 0));
        List<Long> times = List.empty();
        for (int i = 0; i < 3; i++) {
            Target.Emitted e = t.awaitSegment(10_000_000).get().get();
            times = times.append(e.at());
        }
        assertEquals(List.of(0L, 1_000_000L, 3_000_000L), times);
    }
}
