package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.codec.TcpOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * A TCP Fast Open client's cookie cache (RFC 7413 §4.1.3: "the client caches cookies from servers for later use"),
 * one entry per server address, the latest replacing the one before, with the server's MSS from the same SYN,ACK
 * (Linux keeps it beside the cookie to size the text of the next SYN). Not thread-safe.
 */
public final class FastOpenClientCache {

    /** A cookie (4 to 16 octets, an even number, RFC 7413 §4.1.1) and the MSS the server announced with it. */
    public record Entry(byte[] cookie, int mss) {
        /** Checks the cookie's length; copies it. */
        public Entry {
            if (cookie.length < 4 || cookie.length > TcpOptions.MAX_COOKIE || (cookie.length & 1) != 0) {
                throw new IllegalArgumentException("RFC 7413 §4.1.1: a cookie has 4 to 16 octets, an even number");
            }
            if (mss < 1 || mss > 65535) {
                throw new IllegalArgumentException("MSS out of range: " + mss);
            }
            cookie = cookie.clone();
        }

        /** The cookie, a copy. */
        @Override
        public byte[] cookie() {
            return cookie.clone();
        }
    }

    private final Map<Integer, Entry> entries = new HashMap<>();

    /** Keeps {@code cookie} and {@code mss} for the server at {@code server}, replacing what was kept. */
    public void learn(int server, byte[] cookie, int mss) {
        entries.put(server, new Entry(cookie, mss));
    }

    /** The entry of the server at {@code server}; null for none. */
    public Entry entry(int server) {
        return entries.get(server);
    }

    /** Forgets every entry. */
    public void clear() {
        entries.clear();
    }
}
