package io.github.tcpmodel.engine.clock;

/** Real monotonic time. */
public final class SystemClock implements Clock {

    static final SystemClock INSTANCE = new SystemClock();

    private final long origin = System.nanoTime();

    private SystemClock() {
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000L;
    }
}
