package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.codec.Flags;
import io.github.tcpmodel.engine.codec.Packet;
import io.github.tcpmodel.engine.observation.EngineEvent;
import io.github.tcpmodel.engine.observation.EngineObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

final class Recorder implements EngineObserver {

    final List<EngineEvent> events = new ArrayList<>();
    private final boolean keep;
    long count;

    Recorder() {
        this(true);
    }

    Recorder(boolean keep) {
        this.keep = keep;
    }

    @Override
    public void observe(EngineEvent event) {
        count++;
        if (keep) {
            events.add(event);
        }
    }

    List<EngineEvent.SegmentOut> sent(Predicate<Packet> which) {
        List<EngineEvent.SegmentOut> out = new ArrayList<>();
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.SegmentOut s && which.test(s.segment())) {
                out.add(s);
            }
        }
        return out;
    }

    List<Long> sentTimes(Predicate<Packet> which) {
        List<Long> t = new ArrayList<>();
        for (EngineEvent.SegmentOut e : sent(which)) {
            t.add(e.atMillis());
        }
        return t;
    }

    static Predicate<Packet> flags(int exactly) {
        return s -> (s.flags() & ~Flags.PSH) == exactly;
    }
}
