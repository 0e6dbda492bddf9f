package io.github.tcpmodel.property.group;

import io.github.tcpmodel.property.check.Check;
import io.github.tcpmodel.property.check.Coverage;
import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.conformance.InputTrace;
import io.github.tcpmodel.property.conformance.Level;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.property.conformance.Should;
import io.github.tcpmodel.property.generator.Traces;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.ConnectionState;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based properties: the implementation under test, driven in lockstep with the model, stays within what
 * RFC 9293 (narrowed by its profile) allows. Subclass with {@link #implementation()}, and with {@link #level()} and
 * {@link #shoulds()} when the implementation claims less than all of it:
 *
 * <pre>{@code
 * class MyStackConformanceTest extends ConformanceProperties {
 *     protected Implementation.ConformanceFactory implementation() { return new MyStackFactory(); }
 *     protected Level level() { return Level.HANDSHAKE_AND_CLOSE; }
 * }
 * }</pre>
 *
 * A failure shows the first divergence with the requirement it breaks, the shrunk trace, the seed and the command
 * that replays it; what the implementation threw is the failure's cause.
 */
public abstract class ConformanceProperties {

    /** {@return the implementation under test} */
    protected abstract Implementation.ConformanceFactory implementation();

    /** {@return how much of RFC 9293 the implementation claims: {@link Level#TIMERS}, all of it, by default} */
    protected Level level() {
        return Level.TIMERS;
    }

    /** {@return the SHOULDs the implementation claims: all by default} */
    protected Set<Should> shoulds() {
        return HashSet.of(Should.values());
    }

    /** {@return the runner for this implementation, level and SHOULDs} */
    protected Lockstep lockstep() {
        return new Lockstep(implementation(), level(), shoulds());
    }

    /** {@return the longest random tail of a generated trace} */
    protected int maxTraceLength() {
        return 12;
    }

    /**
     * The smallest fraction of conforming traces that must reach each state and hard case; 0 turns the coverage
     * check off (an implementation that diverges early cuts traces short).
     */
    protected double minCoverage() {
        return 0.01;
    }

    /** The canonical scenarios, one per connection state. */
    static Stream<ConnectionState> states() {
        return ConnectionState.all().toJavaStream();
    }

    // forall state s: the RFC's canonical inputs to s run on the implementation without divergence.
    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void canonicalScenarioConforms(ConnectionState s) {
        for (long iss : new long[] {0, 1000, SeqNum.HALF, SeqNum.MODULUS - 1}) {
            InputTrace t = Traces.to(s, SeqNum.of(iss));
            RunResult r = lockstep().run(t);
            if (!r.conforms()) {
                throw r.divergence().get().asError("canonical scenario to " + s.rfcName() + ":\n" + t);
            }
        }
    }

    // forall trace t: lockstep(implementation, model, t) has no divergence.
    @Test
    void conformsOnRandomTraces(TestInfo info) {
        String name = Names.of(info);
        Coverage coverage = new Coverage(name);
        Lockstep runner = lockstep();
        Check.qt(name, Check.tries(2.0, 50)).forAll(Traces.traces(maxTraceLength())).checkAssert(t -> {
            RunResult r = runner.run(t);
            if (!r.conforms()) {
                throw r.divergence().get().asError("");
            }
            coverage.example(r.labels());
        });
        if (minCoverage() > 0) {
            coverage.require(minCoverage(), ConnectionState.all().map(s -> "state:" + s.rfcName())
                    .appendAll(List.of("case:simultaneous open", "case:FIN-WAIT-1 straight to TIME-WAIT",
                            "case:RST accepted", "case:CLOSED answers with RST"))
                    .appendAll(level().includes(Level.DATA_TRANSFER)
                            ? List.of("case:unacceptable segment answered with ACK") : List.empty())
                    .appendAll(level().includes(Level.RFC5961) && implementation().profile().rfc5961()
                            ? List.of("case:challenge ACK") : List.empty())
                    .appendAll(level().includes(Level.TIMERS)
                            ? List.of("case:retransmission", "event:Timeout=2MSL") : List.empty()));
        }
    }
}
