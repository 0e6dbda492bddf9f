package io.github.tcpmodel.engine.connection;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * The server's TCP Fast Open cookies (RFC 7413 §4.1.2): "The server is in charge of cookie generation and
 * authentication. The cookie SHOULD be a message authentication code tag with the following properties ... The cookie
 * authenticates the client's (source) IP address of the SYN packet". The MAC here is SipHash-2-4 (Aumasson and
 * Bernstein, 2012) under a 128-bit secret key, over the client's address followed by the server's, both in network
 * order; the cookie is the 64-bit tag, least significant octet first: 8 octets (§4.1.1: 4 to 16). This is the
 * construction Linux uses, so that the cookie the engine hands out for the same key and addresses is the kernel's
 * octet for octet, and a client that holds a kernel's cookie is served by the engine under the same key.
 *
 * <p>The key is written as Linux's net.ipv4.tcp_fastopen_key writes it: four 32-bit words in hexadecimal joined by
 * dashes; word {@code i} fills key octets {@code 4i} to {@code 4i + 3}, least significant first. Immutable.
 */
public final class FastOpenCookies {

    /** Octets of a cookie this server hands out. */
    public static final int COOKIE_OCTETS = 8;
    /** Octets of the key. */
    public static final int KEY_OCTETS = 16;

    private final long k0;
    private final long k1;

    private FastOpenCookies(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Cookies under the 16-octet key {@code key}. */
    public static FastOpenCookies ofKey(byte[] key) {
        Objects.requireNonNull(key, "key is null");
        if (key.length != KEY_OCTETS) {
            throw new IllegalArgumentException("a Fast Open key has 16 octets: " + key.length);
        }
        return new FastOpenCookies(le64(key, 0), le64(key, 8));
    }

    /**
     * Cookies under the key written {@code text} as net.ipv4.tcp_fastopen_key takes it
     * ({@code a0bf63f7-ed803d81-cd641d30-cebc4a90}); a key for the backup slot after a comma is ignored.
     */
    public static FastOpenCookies ofText(String text) {
        Objects.requireNonNull(text, "text is null");
        String primary = text.split(",", -1)[0].trim();
        String[] words = primary.split("-", -1);
        if (words.length != 4) {
            throw new IllegalArgumentException("a Fast Open key is four 32-bit hexadecimal words: " + text);
        }
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            if (words[i].isEmpty() || words[i].length() > 8) {
                throw new IllegalArgumentException("a Fast Open key is four 32-bit hexadecimal words: " + text);
            }
            w[i] = Long.parseLong(words[i], 16);
        }
        return new FastOpenCookies(w[0] | w[1] << 32, w[2] | w[3] << 32);
    }

    /** The cookie of a client at {@code client} talking to this server at {@code server} (4 or 16 octets each). */
    public byte[] cookie(byte[] client, byte[] server) {
        Objects.requireNonNull(client, "client is null");
        Objects.requireNonNull(server, "server is null");
        byte[] m = new byte[client.length + server.length];
        System.arraycopy(client, 0, m, 0, client.length);
        System.arraycopy(server, 0, m, client.length, server.length);
        long tag = sipHash24(k0, k1, m);
        byte[] c = new byte[COOKIE_OCTETS];
        for (int i = 0; i < COOKIE_OCTETS; i++) {
            c[i] = (byte) (tag >>> (8 * i));
        }
        return c;
    }

    /**
     * Whether {@code presented} is the cookie of {@code client} at {@code server}: well formed (RFC 7413 §4.1.1: 4
     * to 16 octets, an even number) and equal, compared in constant time.
     */
    public boolean valid(byte[] presented, byte[] client, byte[] server) {
        return presented != null && presented.length == COOKIE_OCTETS
                && MessageDigest.isEqual(presented, cookie(client, server));
    }

    /** SipHash-2-4 of {@code m} under the key {@code (k0, k1)}: two compression rounds, four finalization rounds. */
    static long sipHash24(long k0, long k1, byte[] m) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
                0x7465646279746573L ^ k1};
        int end = m.length - (m.length & 7);
        for (int i = 0; i < end; i += 8) {
            absorb(v, le64(m, i));
        }
        long last = ((long) m.length) << 56;
        for (int j = 0; j < (m.length & 7); j++) {
            last |= (m[end + j] & 0xFFL) << (8 * j);
        }
        absorb(v, last);
        v[2] ^= 0xFF;
        for (int r = 0; r < 4; r++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void absorb(long[] v, long word) {
        v[3] ^= word;
        round(v);
        round(v);
        v[0] ^= word;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    private static long le64(byte[] b, int off) {
        long w = 0;
        for (int j = 0; j < 8; j++) {
            w |= (b[off + j] & 0xFFL) << (8 * j);
        }
        return w;
    }
}
