package io.github.tcpmodel.engine.resilience;

import io.github.tcpmodel.engine.clock.VirtualClock;
import io.github.tcpmodel.engine.connection.TcpStack;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Engines on one virtual clock, driven like {@code Simulation.runUntil}, but any number and replaceable. */
final class Net {

    final VirtualClock clock = new VirtualClock();
    final List<TcpStack> stacks = new ArrayList<>();

    boolean runUntil(BooleanSupplier done, BooleanSupplier user, long untilMillis) {
        while (!done.getAsBoolean()) {
            int work = 0;
            for (TcpStack s : stacks) {
                work += s.poll();
            }
            if (user.getAsBoolean() || work > 0) {
                continue;
            }
            long next = Long.MAX_VALUE;
            for (TcpStack s : stacks) {
                next = Math.min(next, s.nextDeadline());
            }
            if (next == Long.MAX_VALUE || next > untilMillis) {
                if (clock.nowMillis() < untilMillis) {
                    clock.advanceTo(untilMillis);
                }
                return done.getAsBoolean();
            }
            clock.advanceTo(Math.max(next, clock.nowMillis()));
        }
        return true;
    }
}
