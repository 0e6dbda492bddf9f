package io.github.tcpmodel.engine.connection;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SYN cookies (RFC 4987 §3.6): when a listener's embryonic queue is full it answers a SYN with a SYN,ACK whose ISN
 * encodes what it would otherwise keep, and keeps nothing; a returning ACK whose acknowledgment number is a valid
 * cookie + 1 rebuilds the connection. The cookie, with {@code t} a coarse clock of {@link #TICK_MILLIS} ticks:
 *
 * <pre>
 *  31      27 26  25 24                                        0
 * +----------+------+-------------------------------------------+
 * |  t mod 32| mss  |  MAC(secret, 4-tuple, peer's ISN, t, mss)  |
 * +----------+------+-------------------------------------------+
 * </pre>
 *
 * <p>{@code mss} indexes {@link #MSS_TABLE} (the largest entry not above the peer's MSS option, 536 without one);
 * the MAC is the first 25 bits of an HMAC-SHA256 under a secret key, so a blind guess of a cookie succeeds with odds 2^-25 per ACK, and only while
 * the listener has recently sent cookies. A cookie is valid for the tick it was made in and the {@link #MAX_AGE_TICKS}
 * after it (64 to 192 s). What the cookie cannot carry is lost: the peer's exact MSS (rounded down to the table),
 * its SYN's window (the ACK's is used), text on the SYN (the SYN,ACK acknowledges only the SYN; the peer sends it
 * again), and the SYN,ACK's retransmissions (a lost SYN,ACK is repaired by the peer's retransmitted SYN). Window
 * scale, SACK and timestamps would be lost too; this engine does not offer them.
 *
 * <p>RFC 9293 §3.4.1 asks for a clock-driven ISN (MUST-8) and recommends M + F(4-tuple, secret) with M a
 * 4-microsecond clock (SHLD-1). A cookie is driven by a 64-second clock in its top five bits and a keyed function
 * below, as Linux's are: it keeps MUST-9 (F is not computable from outside) and the monotonic growth only at that
 * coarse grain. Cookies are therefore sent only while the embryonic queue is full (as Linux does under
 * net.ipv4.tcp_syncookies = 1), a state RFC 9293 §7 leaves to the implementation's SYN-flood mitigations (RFC 4987);
 * otherwise ISNs stay the RFC 6528 ones of {@link TcpStack#initialSequenceNumber}.
 */
public final class SynCookies {

    /** MSS values a cookie can carry, by index. */
    static final int[] MSS_TABLE = {536, 1220, 1440, 1460};
    /** The coarse clock's tick. */
    public static final long TICK_MILLIS = 64_000;
    /** How many ticks after the one it was made in a cookie stays valid. */
    public static final int MAX_AGE_TICKS = 2;

    private static final int MAC_BITS = 25;
    private static final int MAC_MASK = (1 << MAC_BITS) - 1;

    private final Mac hmac;
    private final ByteBuffer input = ByteBuffer.allocate(32);

    /** Cookies keyed with {@code secret} (HMAC-SHA256, RFC 4987 §3.6: "a secret ... known only to the listener"). */
    public SynCookies(byte[] secret) {
        try {
            hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must provide HmacSHA256 (javax.crypto.Mac).
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The cookie ISN answering a SYN with ISN {@code peerIsn} and MSS option {@code peerMss} (-1: none). */
    public int make(ConnectionId c, int peerIsn, int peerMss, long nowMillis) {
        long tick = nowMillis / TICK_MILLIS;
        int index = mssIndex(peerMss);
        return (int) ((tick & 31) << 27) | index << MAC_BITS | mac(c, peerIsn, tick, index);
    }

    /**
     * The MSS a returning ACK's cookie carries, or -1 when {@code cookie} (its SEG.ACK - 1) is not one this listener
     * made for {@code c} and {@code peerIsn} (its SEG.SEQ - 1) within the last {@link #MAX_AGE_TICKS} ticks.
     */
    public int check(ConnectionId c, int peerIsn, int cookie, long nowMillis) {
        long now = nowMillis / TICK_MILLIS;
        long low = (cookie >>> 27) & 31;
        long tick = now - ((now - low) & 31);
        if (now - tick > MAX_AGE_TICKS || tick < 0) {
            return -1;
        }
        int index = (cookie >>> MAC_BITS) & 3;
        return mac(c, peerIsn, tick, index) == (cookie & MAC_MASK) ? MSS_TABLE[index] : -1;
    }

    static int mssIndex(int peerMss) {
        int m = peerMss < 0 ? Connection.DEFAULT_MSS : peerMss;
        int index = 0;
        for (int i = 0; i < MSS_TABLE.length; i++) {
            if (MSS_TABLE[i] <= m) {
                index = i;
            }
        }
        return index;
    }

    private int mac(ConnectionId c, int peerIsn, long tick, int index) {
        input.clear();
        input.putInt(c.localAddr()).putShort((short) c.localPort()).putInt(c.remoteAddr())
                .putShort((short) c.remotePort()).putInt(peerIsn).putLong(tick).put((byte) index);
        hmac.update(input.array(), 0, input.position());
        byte[] d = hmac.doFinal();
        return ((d[0] & 0xFF) << 24 | (d[1] & 0xFF) << 16 | (d[2] & 0xFF) << 8 | (d[3] & 0xFF)) & MAC_MASK;
    }
}
