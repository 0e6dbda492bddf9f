package io.github.tcpmodel.engine.clock;

/** A monotonic clock in milliseconds; the origin is arbitrary. */
public interface Clock {

    /** The current time in milliseconds. Never decreases. */
    long nowMillis();

    /** Real time, from {@link System#nanoTime()}. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
