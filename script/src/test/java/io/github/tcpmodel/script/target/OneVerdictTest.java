package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.engine.codec.Codec;
import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.connection.Connection;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.Listener;
import io.github.tcpmodel.engine.link.Impairments;
import io.github.tcpmodel.engine.monitor.ConformanceMonitor;
import io.github.tcpmodel.engine.monitor.MonitorDivergence;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.simulation.Simulation;
import io.github.tcpmodel.pcap.PcapWriter;
import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.property.conformance.Implementation;
import io.github.tcpmodel.property.conformance.Input;
import io.github.tcpmodel.property.conformance.InputTrace;
import io.github.tcpmodel.property.conformance.Lockstep;
import io.github.tcpmodel.property.conformance.RunResult;
import io.github.tcpmodel.property.conformance.SegmentSpec;
import io.github.tcpmodel.property.conformance.UserCall;
import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.github.tcpmodel.segment.Control;
import io.github.tcpmodel.segment.Segment;
import io.github.tcpmodel.seq.SeqNum;
import io.github.tcpmodel.table.Event;
import io.github.tcpmodel.table.TcpState;
import io.github.tcpmodel.trace.CheckResult;
import io.github.tcpmodel.trace.Limits;
import io.github.tcpmodel.trace.TraceChecker;
import io.github.tcpmodel.trace.TraceReport;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One exchange, four drivers, one verdict: the kit's lockstep runner ({@link Lockstep}), the engine's online
 * monitor ({@link ConformanceMonitor}), the script language run on the model ({@link ModelTarget}) and the capture
 * checker ({@link TraceChecker}) judge the same recorded exchange with the same comparison core
 * ({@code io.github.tcpmodel.conformance}), and agree: the engine's exchange conforms; the same exchange with one
 * segment made wrong does not, for each of them.
 *
 * <p>The exchange is recorded once, from engine A (a client) talking to engine B (a server) through the in-memory
 * link: A opens, sends 100 octets, closes; B reads them and closes on the end of the stream. Every driver gets its
 * input from that one recording: the monitor the engine's events, the lockstep runner the user calls and B's
 * segments as inputs and A's segments as the implementation's answers, the script runner a script transcribed from
 * it (B's segments injected, A's expected), the capture checker a capture of every segment.
 */
class OneVerdictTest {

    static final ConnectionConfig CONFIG = ConnectionConfig.rfc9293();
    static final Profile PROFILE = CONFIG.profile();
    static final int PORT = 8080;
    static final int TEXT = 100;

    /** A's events: every user call, segment in and out, and state change of the client's connection. */
    static List<EngineEvent> record() {
        Simulation sim = new Simulation("one-verdict", CONFIG, Impairments.NONE, 7);
        java.util.List<EngineEvent> events = new ArrayList<>();
        sim.observeA(events::add);
        Listener l = sim.b().listen(PORT, 8);
        Connection a = sim.a().connect(Simulation.ADDRESS_B, PORT);
        Connection[] b = new Connection[1];
        boolean[] sent = new boolean[1];
        boolean[] closedA = new boolean[1];
        boolean[] closedB = new boolean[1];
        int[] received = new int[1];
        sim.runUntil(() -> closedB[0] && a.state().state() == TcpState.TIME_WAIT, () -> {
            boolean work = false;
            if (b[0] == null) {
                Option<Connection> c = l.accept();
                if (c.isDefined()) {
                    b[0] = c.get();
                    work = true;
                }
            }
            if (!sent[0] && a.state().state() == TcpState.ESTABLISHED) {
                assertEquals(TEXT, a.write(new byte[TEXT]));
                sent[0] = true;
                work = true;
            }
            if (b[0] != null && !closedB[0]) {
                int n = b[0].read(new byte[1000], 0, 1000);
                if (n > 0) {
                    received[0] += n;
                    work = true;
                } else if (n < 0) {
                    b[0].close();
                    closedB[0] = true;
                    work = true;
                }
            }
            if (!closedA[0] && received[0] == TEXT) {
                a.close();
                closedA[0] = true;
                work = true;
            }
            return work;
        }, 10_000);
        assertTrue(closedB[0] && a.state().state() == TcpState.TIME_WAIT, "the exchange completed: " + events);
        assertEquals(List.empty(), List.ofAll(sim.divergences()), "the engines' own monitors");
        return List.ofAll(events);
    }

    // ---------------------------------------------------------------- the verdicts

    @Test
    void theEnginesExchangeConformsForAllFour() {
        List<EngineEvent> exchange = record();
        assertEquals(List.empty(), monitor(exchange), "the engine's monitor");
        assertEquals(Option.none(), lockstep(exchange).divergence(), "the kit's lockstep runner");
        Either<Failure, Passed> script = script(exchange);
        assertTrue(script.isRight(), () -> "the script on the model target: " + script.getLeft().report()
                + "\n" + transcript(exchange));
        TraceReport capture = capture(exchange);
        assertTrue(capture.conforms(), () -> "the capture checker: " + capture);
    }

    /** A's data segment acknowledges one octet more than B has sent: SEG.ACK is not RCV.NXT (§3.10.7.4 seventh). */
    @Test
    void aWrongAcknowledgmentIsFlaggedByAllFour() {
        List<EngineEvent> exchange = wrong(record(), p -> withAck(p, p.ack() + 1));
        assertFalse(monitor(exchange).isEmpty(), "the engine's monitor");
        assertTrue(lockstep(exchange).divergence().isDefined(), "the kit's lockstep runner");
        assertTrue(lockstep(exchange).divergence().get().reason().contains("differ"),
                () -> lockstep(exchange).divergence().get().toString());
        Either<Failure, Passed> script = script(exchange);
        assertTrue(script.isLeft(), "the script on the model target");
        assertTrue(script.getLeft().actual().contains("ack differs"), script.getLeft()::report);
        TraceReport capture = capture(exchange);
        assertFalse(capture.conforms(), "the capture checker");
        // The wrong SEG.ACK of frame 4 also makes A's later segments look wrong (the FIN, frame 5, acknowledges less).
        assertEquals(4L, violationFrames(capture).min().get(), () -> "the capture checker blames frame 4: " + capture);
    }

    /** A's data segment starts one below SND.UNA, on its own SYN: SEG.SEQ is not SND.NXT (§3.10.2). */
    @Test
    void aWrongSequenceNumberIsFlaggedByAllFour() {
        List<EngineEvent> exchange = wrong(record(), p -> new Packet(p.srcAddr(), p.dstAddr(), p.srcPort(),
                p.dstPort(), p.seq() - 1, p.ack(), p.flags(), p.window(), p.urgent(), p.options(), p.payload()));
        assertFalse(monitor(exchange).isEmpty(), "the engine's monitor");
        assertTrue(lockstep(exchange).divergence().isDefined(), "the kit's lockstep runner");
        Either<Failure, Passed> script = script(exchange);
        assertTrue(script.isLeft() && script.getLeft().actual().contains("seq differs"),
                () -> script.fold(Failure::report, Passed::toString));
        TraceReport capture = capture(exchange);
        assertFalse(capture.conforms(), "the capture checker");
        assertEquals(4L, violationFrames(capture).min().get(), () -> "the capture checker blames frame 4: " + capture);
    }

    /**
     * PSH is compared by no driver (§3.9.1.2, MAY-15), but a sender whose SEND has no PUSH flag sets it on the last
     * buffered segment (MUST-61, {@code Conformance#userRules}): A's one data segment takes all it sent, so without
     * PSH it breaks that rule where the send queue is seen: the engine's monitor, the kit's lockstep runner, and the
     * script on the model target, whose write calls fill the model's send queue and whose expected segment is the
     * recorded implementation's choice; a capture does not show the send queue.
     */
    @Test
    void aLastBufferedSegmentWithoutPshBreaksMust61WhereTheSendQueueIsSeen() {
        List<EngineEvent> exchange = wrong(record(), p -> new Packet(p.srcAddr(), p.dstAddr(), p.srcPort(),
                p.dstPort(), p.seq(), p.ack(), p.flags() & ~Flags.PSH, p.window(), p.urgent(), p.options(),
                p.payload()));
        List<MonitorDivergence> m = monitor(exchange);
        assertTrue(!m.isEmpty() && m.forAll(d -> d.expected().contains("MUST-61")), () -> "the engine's monitor: " + m);
        RunResult kit = lockstep(exchange);
        assertTrue(kit.divergence().exists(d -> d.report().contains("MUST-61")),
                () -> "the kit's lockstep runner: " + kit.divergence());
        assertTrue(transcript(exchange).contains("> . 1:101(100) ack 1"), () -> transcript(exchange));
        Either<Failure, Passed> script = script(exchange);
        assertTrue(script.isLeft() && script.getLeft().actual().contains("MUST-61"),
                () -> script.fold(Failure::report, Passed::toString));
        assertTrue(script(record()).isRight(), "the script of the exchange as recorded, PSH on its data segment");
        assertTrue(capture(exchange).conforms(), "the capture checker");
    }

    static List<Long> violationFrames(TraceReport r) {
        return r.connections().flatMap(c -> c.violations()).map(v -> v.frame());
    }

    /** The recording with A's first data segment (frame 4 of the capture) changed by {@code change}. */
    static List<EngineEvent> wrong(List<EngineEvent> exchange, UnaryOperator<Packet> change) {
        int i = exchange.indexWhere(e -> e instanceof EngineEvent.SegmentOut o && o.segment().payload().length > 0);
        EngineEvent.SegmentOut o = (EngineEvent.SegmentOut) exchange.get(i);
        return exchange.update(i, new EngineEvent.SegmentOut(o.atMillis(), o.connection(), change.apply(o.segment()),
                o.state()));
    }

    static Packet withAck(Packet p, int ack) {
        return new Packet(p.srcAddr(), p.dstAddr(), p.srcPort(), p.dstPort(), p.seq(), ack, p.flags(), p.window(),
                p.urgent(), p.options(), p.payload());
    }

    // ---------------------------------------------------------------- the engine's monitor

    static List<MonitorDivergence> monitor(List<EngineEvent> exchange) {
        ConformanceMonitor m = new ConformanceMonitor(CONFIG);
        exchange.forEach(m::observe);
        m.finish();
        return List.ofAll(m.divergences());
    }

    // ---------------------------------------------------------------- the kit's lockstep runner

    /** One cause of the recording: the input it is for the runner, what A sent, and A's state after. */
    private record Turn(Input input, List<Segment> sent, TcpState after) {
    }

    static RunResult lockstep(List<EngineEvent> exchange) {
        List<Turn> turns = turns(exchange);
        SeqNum peerIss = exchange.filter(e -> e instanceof EngineEvent.SegmentIn).map(e -> model(
                ((EngineEvent.SegmentIn) e).segment())).find(Segment::syn).get().seq();
        Implementation.ConformanceFactory replay = new Implementation.ConformanceFactory() {
            @Override
            public Implementation create() {
                return new Replay(turns);
            }

            @Override
            public Profile profile() {
                return PROFILE;
            }

            @Override
            public String name() {
                return "the recorded engine";
            }
        };
        return new Lockstep(replay).run(new InputTrace(peerIss, turns.map(Turn::input)));
    }

    /**
     * The recording as the runner's inputs: A's user calls, and B's segments relative to A's sequence variables
     * (SEG.SEQ from RCV.NXT, or from B's ISS before it is known; SEG.ACK from SND.NXT), which the recording shows.
     */
    static List<Turn> turns(List<EngineEvent> exchange) {
        java.util.List<Turn> turns = new ArrayList<>();
        Input input = null;
        List<Segment> sent = List.empty();
        TcpState state = TcpState.CLOSED;
        SeqNum sndNxt = SeqNum.ZERO;
        Option<SeqNum> rcvNxt = Option.none();
        for (EngineEvent e : exchange) {
            Input next = null;
            if (e instanceof EngineEvent.UserCall u) {
                next = new Input.Call(u.call() == Event.ACTIVE_OPEN ? UserCall.of(UserCall.Kind.ACTIVE_OPEN)
                        : u.call() == Event.SEND ? UserCall.send(u.bytes())
                        : u.call() == Event.CLOSE ? UserCall.of(UserCall.Kind.CLOSE) : notInThisExchange(u));
            } else if (e instanceof EngineEvent.SegmentIn in) {
                Segment s = model(in.segment());
                SeqNum base = rcvNxt.getOrElse(s.seq());
                next = new Input.Peer(new SegmentSpec(s.controls(), false, s.seq().offsetFrom(base), false,
                        s.isAck() ? s.ack().offsetFrom(sndNxt) : 0, s.dataLength(), s.window()));
                rcvNxt = Option.some(s.seq().plus(s.len()));
            } else if (e instanceof EngineEvent.SegmentOut out) {
                Segment s = model(out.segment());
                sent = sent.append(s);
                sndNxt = s.seq().plus(s.len());
            } else if (e instanceof EngineEvent.StateChanged c) {
                state = c.to().state();
            }
            if (next != null) {
                if (input != null) {
                    turns.add(new Turn(input, sent, state));
                }
                input = next;
                sent = List.empty();
            }
        }
        turns.add(new Turn(input, sent, state));
        return List.ofAll(turns);
    }

    private static <T> T notInThisExchange(EngineEvent.UserCall u) {
        throw new IllegalStateException("a call this exchange does not make: " + u);
    }

    /** The recorded engine: each input is answered with what A sent in answer to it. */
    private static final class Replay implements Implementation {
        private List<Turn> turns;
        private TcpState state = TcpState.CLOSED;

        Replay(List<Turn> turns) {
            this.turns = turns;
        }

        private List<Segment> next() {
            Turn t = turns.head();
            turns = turns.tail();
            state = t.after();
            return t.sent();
        }

        @Override
        public List<Segment> call(UserCall call, long now) {
            return next();
        }

        @Override
        public List<Segment> deliver(Segment segment, long now) {
            return next();
        }

        @Override
        public List<Segment> advance(long now) {
            return List.empty();
        }

        @Override
        public TcpState state() {
            return state;
        }
    }

    // ---------------------------------------------------------------- the script on the model target

    static Either<Failure, Passed> script(List<EngineEvent> exchange) {
        return ScriptRunner.run(ScriptParser.parse("one-verdict.pkt", transcript(exchange)).get(),
                new ModelTarget(PROFILE));
    }

    /**
     * The recording as a script in which the target plays A: A's calls as socket calls, B's segments injected, A's
     * segments expected, in numbers relative to each side's ISS, at the recorded times.
     */
    static String transcript(List<EngineEvent> exchange) {
        long localIss = exchange.filter(e -> e instanceof EngineEvent.SegmentOut).map(e -> model(
                ((EngineEvent.SegmentOut) e).segment())).find(Segment::syn).get().seq().value();
        long remoteIss = exchange.filter(e -> e instanceof EngineEvent.SegmentIn).map(e -> model(
                ((EngineEvent.SegmentIn) e).segment())).find(Segment::syn).get().seq().value();
        long established = exchange.find(e -> e instanceof EngineEvent.StateChanged c
                && c.to().state() == TcpState.ESTABLISHED).get().atMillis();
        StringBuilder b = new StringBuilder("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        for (EngineEvent e : exchange) {
            String at = String.format("%d.%03d", e.atMillis() / 1000, e.atMillis() % 1000);
            if (e instanceof EngineEvent.UserCall u) {
                b.append(u.call() == Event.ACTIVE_OPEN ? at + "..." + String.format("%d.%03d", established / 1000,
                        established % 1000) + " connect(3, ..., ...) = 0"
                        : u.call() == Event.SEND ? at + " write(3, ..., " + u.bytes() + ") = " + u.bytes()
                        : u.call() == Event.CLOSE ? at + " close(3) = 0" : notInThisExchange(u)).append('\n');
            } else if (e instanceof EngineEvent.SegmentIn in) {
                Segment s = model(in.segment());
                b.append(at).append(" < ").append(line(s, remoteIss, localIss)).append(" win ").append(s.window())
                        .append(s.mss().map(m -> " <mss " + m + ">").getOrElse("")).append('\n');
            } else if (e instanceof EngineEvent.SegmentOut out) {
                Segment s = model(out.segment());
                b.append(at).append(" > ").append(line(s, localIss, remoteIss)).append(s.syn() ? " <...>" : "")
                        .append('\n');
            }
        }
        return b.toString();
    }

    private static String line(Segment s, long ownIss, long peerIss) {
        StringBuilder flags = new StringBuilder();
        for (Control c : List.of(Control.SYN, Control.FIN, Control.RST, Control.PSH)) {
            if (s.has(c)) {
                flags.append(c.name().charAt(0));
            }
        }
        if (s.isAck()) {
            flags.append('.');
        }
        long seq = s.seq().offsetFrom(SeqNum.of(ownIss)) & 0xffff_ffffL;
        String ack = s.isAck() ? " ack " + (s.ack().offsetFrom(SeqNum.of(peerIss)) & 0xffff_ffffL) : "";
        return flags + " " + seq + ":" + (seq + s.dataLength()) + "(" + s.dataLength() + ")" + ack;
    }

    // ---------------------------------------------------------------- the capture checker

    static TraceReport capture(List<EngineEvent> exchange) {
        ByteArrayOutputStream pcap = new ByteArrayOutputStream();
        long[] now = new long[1];
        PcapWriter w = new PcapWriter(pcap, () -> now[0]);
        for (EngineEvent e : exchange) {
            Option<Packet> p = e instanceof EngineEvent.SegmentIn in ? Option.some(in.segment())
                    : e instanceof EngineEvent.SegmentOut out ? Option.some(out.segment()) : Option.none();
            if (p.isDefined()) {
                now[0] = e.atMillis();
                w.write(Codec.encode(p.get()));
            }
        }
        w.close();
        CheckResult r = TraceChecker.check(new ByteArrayInputStream(pcap.toByteArray()), "one-verdict.pcap", PROFILE,
                Limits.defaults());
        assertTrue(r instanceof CheckResult.Checked, r::toString);
        return ((CheckResult.Checked) r).report();
    }

    // ---------------------------------------------------------------- conversion

    /** The engine's segment in the model's terms. */
    static Segment model(Packet p) {
        Set<Control> controls = HashSet.empty();
        for (Control c : Control.values()) {
            int mask = switch (c) {
                case URG -> Flags.URG;
                case ACK -> Flags.ACK;
                case PSH -> Flags.PSH;
                case RST -> Flags.RST;
                case SYN -> Flags.SYN;
                case FIN -> Flags.FIN;
            };
            if (p.has(mask)) {
                controls = controls.add(c);
            }
        }
        int mss = p.options().mss();
        return Segment.checked(p.seq() & 0xFFFF_FFFFL, p.has(Flags.ACK) ? p.ack() & 0xFFFF_FFFFL : 0, controls,
                p.window(), 0, p.payload().length, Option.none(),
                mss >= 0 && p.has(Flags.SYN) ? Option.some(mss) : Option.none()).get();
    }
}
