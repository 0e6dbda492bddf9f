package io.github.tcpmodel.engine.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * IPv6 addresses (RFC 8200 §3, 128 bits) and the 32-bit handles the engine holds in their place. The engine's TCP is
 * address-family neutral: a {@link Packet} and a connection's 4-tuple carry an {@code int} per address, which over
 * IPv4 is the address itself and over IPv6 a handle this table gives out; the {@link Codec} translates at the wire
 * and computes the IPv6 pseudo-header checksum (RFC 8200 §8.1) over the real addresses. Handles are taken from the
 * reserved IPv4 block 240.0.0.0/4 (RFC 1112 §4, class E), so that no handle is mistaken for a real IPv4 address in a
 * log. Thread-safe; addresses are never forgotten (an engine talks to few peers).
 */
public final class Ipv6Addresses {

    private static final int FIRST_HANDLE = 0xF000_0001;

    private final Map<Key, Integer> handles = new HashMap<>();
    private final List<byte[]> addresses = new ArrayList<>();

    private record Key(long high, long low) {
        static Key of(byte[] b, int off) {
            return new Key(Codec.s64(b, off), Codec.s64(b, off + 8));
        }
    }

    /** The handle of the 16 octets of {@code b} from {@code off}, given out on first sight. */
    public synchronized int handle(byte[] b, int off) {
        Objects.checkFromIndexSize(off, 16, b.length);
        Key k = Key.of(b, off);
        Integer h = handles.get(k);
        if (h != null) {
            return h;
        }
        int handle = FIRST_HANDLE + addresses.size();
        addresses.add(java.util.Arrays.copyOfRange(b, off, off + 16));
        handles.put(k, handle);
        return handle;
    }

    /** The handle of the IPv6 address written {@code text} (RFC 4291 §2.2), given out on first sight. */
    public int handle(String text) {
        return handle(parse(text), 0);
    }

    /** Whether {@code handle} was given out by this table. */
    public synchronized boolean knows(int handle) {
        int i = handle - FIRST_HANDLE;
        return i >= 0 && i < addresses.size();
    }

    /** Copies the address of {@code handle} to {@code dst} at {@code off}; unknown handles are an error. */
    public synchronized void write(int handle, byte[] dst, int off) {
        int i = handle - FIRST_HANDLE;
        if (i < 0 || i >= addresses.size()) {
            throw new IllegalArgumentException("no IPv6 address has handle " + Addresses.format(handle));
        }
        System.arraycopy(addresses.get(i), 0, dst, off, 16);
    }

    /** The text of the address of {@code handle} (RFC 5952), or the handle as a dotted quad if unknown. */
    public String format(int handle) {
        if (!knows(handle)) {
            return Addresses.format(handle);
        }
        byte[] b = new byte[16];
        write(handle, b, 0);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        // RFC 5952 §4.2: the longest run of two or more zero groups (the first of equal runs) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** Parses an IPv6 address literal; an {@link IllegalArgumentException} says what is wrong. Never resolves a name. */
    public static byte[] parse(String text) {
        Objects.requireNonNull(text, "text is null");
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (!(a instanceof Inet6Address)) {
                throw new IllegalArgumentException("not an IPv6 address: " + text);
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }
}
