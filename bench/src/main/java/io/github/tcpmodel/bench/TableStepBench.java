package io.github.tcpmodel.bench;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Transition-table steps per second against a plain {@code switch} over enums. Both walk the same random
 * sequence of (state, event) pairs; the reference switch encodes the state changes of Figure 5 and answers "stay"
 * for everything else, the least work a hand-written state machine can do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TableStepBench {

    static final int N = 4096;

    final TransitionTable table = TransitionTable.rfc9293();
    ConnectionState[] states;
    TcpState[] plainStates;
    Event[] events;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        states = new ConnectionState[N];
        plainStates = new TcpState[N];
        events = new Event[N];
        for (int i = 0; i < N; i++) {
            states[i] = ConnectionState.all().get(r.nextInt(ConnectionState.all().size()));
            plainStates[i] = states[i].state();
            events[i] = Event.values()[r.nextInt(Event.values().length)];
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int tableStep() {
        int acc = 0;
        for (int i = 0; i < N; i++) {
            acc += table.next(states[i], events[i]).index();
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int plainSwitch() {
        int acc = 0;
        for (int i = 0; i < N; i++) {
            acc += PlainSwitch.next(plainStates[i], events[i]).ordinal();
        }
        return acc;
    }
}
