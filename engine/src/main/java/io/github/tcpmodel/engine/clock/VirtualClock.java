package io.github.tcpmodel.engine.clock;

/** A clock that moves only by {@link #advanceTo} and {@link #advanceBy}: deterministic and instant. */
public final class VirtualClock implements Clock {

    private long now;

    /** A clock at time 0. */
    public VirtualClock() {
        this(0);
    }

    /** A clock at {@code startMillis}. */
    public VirtualClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Moves to {@code millis}; a time in the past is an error, since clocks are monotonic. */
    public void advanceTo(long millis) {
        if (millis < now) {
            throw new IllegalArgumentException("time moves forward only: " + millis + " < " + now);
        }
        now = millis;
    }

    /** Moves forward by {@code millis} (at least 0). */
    public void advanceBy(long millis) {
        advanceTo(now + millis);
    }
}
