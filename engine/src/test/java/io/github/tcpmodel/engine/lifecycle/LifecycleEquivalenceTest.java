package io.github.tcpmodel.engine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.table.ConnectionState;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.Origin;
import io.github.tcpmodel.table.Outcome;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.table.TransitionTable;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleEquivalenceTest {

    private static final LifecycleFactory FACTORY = LifecycleFactory.of(TransitionTable.rfc9293());

    // forall s, e: squirrel from s on e accepts iff table.step(s, e) is a transition, and ends in table.next(s, e)
    @Test
    void everyPairAgreesWithTheTable() {
        TransitionTable table = TransitionTable.rfc9293();
        int accepted = 0;
        for (ConnectionState s : ConnectionState.all()) {
            for (Event e : Event.values()) {
                Lifecycle lifecycle = FACTORY.newLifecycle(s);
                Outcome outcome = lifecycle.fire(e);
                assertEquals(table.step(s, e), outcome, s + " / " + e);
                assertEquals(table.next(s, e), lifecycle.state(), s + " / " + e);
                if (outcome.isTransition()) {
                    accepted++;
                }
            }
        }
        assertEquals(FACTORY.transitionCount(), accepted);
    }

    // forall s, e: the squirrel machine alone (fired whatever the table says) accepts iff the table has a
    // transition, lands on table.next(s, e), and declines every refusal with the state unchanged
    @Test
    void theMachineAloneIsTheTable() {
        TransitionTable table = TransitionTable.rfc9293();
        int accepted = 0;
        for (ConnectionState s : ConnectionState.all()) {
            for (Event e : Event.values()) {
                Lifecycle lifecycle = FACTORY.newLifecycle(s);
                Outcome outcome = lifecycle.fireOnMachine(e);
                assertEquals(table.step(s, e), outcome, s + " / " + e);
                assertEquals(table.next(s, e), lifecycle.machineState(), s + " / " + e);
                assertEquals(lifecycle.machineState(), lifecycle.state(), s + " / " + e);
                if (outcome.isTransition()) {
                    accepted++;
                }
            }
        }
        assertEquals(FACTORY.transitionCount(), accepted);
    }

    // forall s, e: fire() reaches the squirrel machine iff the table changes the state; a self-loop or a refusal is
    // answered by the table's lookup alone, and either way the outcome and the machine's state are the table's
    @Test
    void onlyChangesOfStateReachTheMachine() {
        TransitionTable table = TransitionTable.rfc9293();
        int changes = 0;
        int selfLoops = 0;
        int refusals = 0;
        for (ConnectionState s : ConnectionState.all()) {
            for (Event e : Event.values()) {
                Lifecycle lifecycle = FACTORY.newLifecycle(s);
                Outcome expected = table.step(s, e);
                assertEquals(expected.isTransition(), lifecycle.accepts(e), s + " / " + e);
                Outcome outcome = lifecycle.fire(e);
                boolean change = expected instanceof Outcome.Transition t && !t.target().equals(s);
                assertEquals(expected, outcome, s + " / " + e);
                assertEquals(change ? 1 : 0, lifecycle.machineFirings(), s + " / " + e);
                assertEquals(table.next(s, e), lifecycle.machineState(), s + " / " + e);
                assertEquals(lifecycle.machineState(), lifecycle.state(), s + " / " + e);
                if (change) {
                    changes++;
                } else if (expected.isTransition()) {
                    selfLoops++;
                } else {
                    refusals++;
                }
            }
        }
        // The table has all three kinds, so each path is exercised.
        assertEquals(FACTORY.transitionCount(), changes + selfLoops);
        assertTrue(changes > 0 && selfLoops > 0 && refusals > 0, changes + " " + selfLoops + " " + refusals);
    }

    // forall seed, events: squirrel.run(CLOSED, events) steps through the same states and accept/decline as the table
    @Test
    void randomEventSequencesAgreeWithTheTable() {
        TransitionTable table = TransitionTable.rfc9293();
        Random random = new Random(0x7C9293L);
        Event[] events = Event.values();
        Set<ConnectionState> visited = new HashSet<>();
        Set<Event> declinedSomewhere = EnumSet.noneOf(Event.class);
        int declines = 0;
        for (int run = 0; run < 400; run++) {
            ConnectionState expected = randomStart(random);
            Lifecycle lifecycle = FACTORY.newLifecycle(expected);
            for (int step = 0; step < 40; step++) {
                Event e = events[random.nextInt(events.length)];
                Outcome tableOutcome = table.step(expected, e);
                Outcome outcome = lifecycle.fire(e);
                assertEquals(tableOutcome.isTransition(), outcome.isTransition(), expected + " / " + e);
                assertEquals(tableOutcome, outcome);
                expected = table.next(expected, e);
                assertEquals(expected, lifecycle.state(), "after " + e);
                assertEquals(expected, lifecycle.machineState(), "after " + e);
                visited.add(expected);
                if (!outcome.isTransition()) {
                    declines++;
                    declinedSomewhere.add(e);
                }
            }
        }
        // Coverage: the random walks reach every connection state and exercise refusals of every kind of event.
        assertEquals(new HashSet<>(ConnectionState.all().toJavaList()), visited);
        assertTrue(declines > 1000, "declines " + declines);
        Set<Event> refusable = EnumSet.noneOf(Event.class);
        for (ConnectionState s : ConnectionState.all()) {
            for (Event e : events) {
                if (!table.step(s, e).isTransition()) {
                    refusable.add(e);
                }
            }
        }
        assertEquals(refusable, declinedSomewhere);
    }

    @Test
    void aVariantTableGivesAVariantMachine() {
        ConnectionState finWait2 = ConnectionState.of(TcpState.FIN_WAIT_2);
        Outcome.Transition toClosed = new Outcome.Transition(ConnectionState.of(TcpState.CLOSED),
                io.vavr.collection.List.empty(), io.github.tcpmodel.table.Provenance.VARIANT, "§3.10.8", "test");
        TransitionTable linuxish = TransitionTable.rfc9293()
                .with(finWait2, Event.FIN_WAIT_2_TIMEOUT, toClosed).named("fin-wait-2-timer");
        Lifecycle reference = FACTORY.newLifecycle(finWait2);
        Lifecycle variant = LifecycleFactory.of(linuxish).newLifecycle(finWait2);
        assertTrue(!reference.fire(Event.FIN_WAIT_2_TIMEOUT).isTransition());
        assertEquals(finWait2, reference.state());
        assertTrue(variant.fire(Event.FIN_WAIT_2_TIMEOUT).isTransition());
        assertEquals(ConnectionState.of(TcpState.CLOSED), variant.state());
    }

    private static ConnectionState randomStart(Random random) {
        if (random.nextInt(3) == 0) {
            return ConnectionState.of(TcpState.CLOSED);
        }
        int i = random.nextInt(ConnectionState.all().size());
        ConnectionState s = ConnectionState.all().get(i);
        return s.state() == TcpState.SYN_RECEIVED ? ConnectionState.synReceived(s.origin().getOrElse(Origin.PASSIVE)) : s;
    }
}
