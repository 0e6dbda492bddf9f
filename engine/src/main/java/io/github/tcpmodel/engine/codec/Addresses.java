package io.github.tcpmodel.engine.codec;

import java.util.Objects;

/** IPv4 addresses as big-endian ints, and their dotted-quad text. */
public final class Addresses {

    private Addresses() {
    }

    /** {@code a.b.c.d} as an int. */
    public static int of(int a, int b, int c, int d) {
        return (a & 0xFF) << 24 | (b & 0xFF) << 16 | (c & 0xFF) << 8 | (d & 0xFF);
    }

    /** Parses a dotted quad; an {@link IllegalArgumentException} names what is wrong. */
    public static int parse(String text) {
        Objects.requireNonNull(text, "text is null");
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text, e);
            }
            if (octet < 0 || octet > 255 || p.isEmpty()) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = v << 8 | octet;
        }
        return v;
    }

    /** The dotted quad of {@code address}. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
