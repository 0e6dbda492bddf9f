package io.github.tcpmodel.engine.connection;

/**
 * A byte FIFO of bounded capacity that grows its array on demand, so an idle connection holds little memory.
 */
final class ByteRing {

    private final int capacity;
    private byte[] buf = new byte[0];
    private int head;
    private int size;

    ByteRing(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    int free() {
        return capacity - size;
    }

    int capacity() {
        return capacity;
    }

    int allocated() {
        return buf.length;
    }

    /** Appends up to {@code len} octets; returns how many fitted. */
    int write(byte[] src, int off, int len) {
        int n = Math.min(len, capacity - size);
        if (n <= 0) {
            return 0;
        }
        ensure(size + n);
        int tail = (head + size) % buf.length;
        int first = Math.min(n, buf.length - tail);
        System.arraycopy(src, off, buf, tail, first);
        System.arraycopy(src, off + first, buf, 0, n - first);
        size += n;
        return n;
    }

    /** Copies {@code len} octets starting {@code from} octets past the head, without consuming them. */
    void peek(int from, byte[] dst, int off, int len) {
        if (from < 0 || len < 0 || from + len > size) {
            throw new IndexOutOfBoundsException("peek " + from + "+" + len + " of " + size);
        }
        if (len == 0) {
            return;
        }
        int start = (head + from) % buf.length;
        int first = Math.min(len, buf.length - start);
        System.arraycopy(buf, start, dst, off, first);
        System.arraycopy(buf, 0, dst, off + first, len - first);
    }

    /** Removes up to {@code len} octets from the head, copying them out if {@code dst} is not null. */
    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size);
        if (n <= 0) {
            return 0;
        }
        if (dst != null) {
            peek(0, dst, off, n);
        }
        head = (head + n) % buf.length;
        size -= n;
        if (size == 0) {
            head = 0;
        }
        return n;
    }

    void clear() {
        head = 0;
        size = 0;
        buf = new byte[0];
    }

    private void ensure(int needed) {
        if (needed <= buf.length) {
            return;
        }
        int n = Math.max(Math.min(capacity, Math.max(needed, buf.length * 2)), Math.min(capacity, 4096));
        byte[] bigger = new byte[n];
        if (size > 0) {
            peek(0, bigger, 0, size);
        }
        buf = bigger;
        head = 0;
    }
}
