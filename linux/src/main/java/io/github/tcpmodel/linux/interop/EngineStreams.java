package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.engine.connection.Connection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** Jobs that move a byte stream through an engine connection on its driver's thread, and the stream itself. */
public final class EngineStreams {

    private EngineStreams() {
    }

    /** A reproducible pseudo-random stream of {@code length} octets, generated in chunks. */
    public static final class Pattern {
        private final long seed;
        private final long length;

        /** The stream of {@code length} octets for {@code seed}. */
        public Pattern(long seed, long length) {
            this.seed = seed;
            this.length = length;
        }

        /** Its length. */
        public long length() {
            return length;
        }

        /** A generator positioned at the start. */
        public Generator generator() {
            return new Generator(new SplittableRandom(seed), length);
        }

        /** SHA-256 of the whole stream. */
        public byte[] digest() {
            Generator g = generator();
            MessageDigest md = sha256();
            byte[] buf = new byte[65536];
            int n;
            while ((n = g.next(buf, buf.length)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        }
    }

    /** Hands out the stream chunk by chunk. */
    public static final class Generator {
        private final SplittableRandom random;
        private long left;
        private long pending;
        private int pendingOff = 8;

        private Generator(SplittableRandom random, long left) {
            this.random = random;
            this.left = left;
        }

        /** Fills {@code dst[0..max)} with the next octets; returns how many, 0 at the end. */
        public int next(byte[] dst, int max) {
            int n = (int) Math.min(max, left);
            for (int i = 0; i < n; i++) {
                dst[i] = take();
            }
            left -= n;
            return n;
        }

        private byte take() {
            if (pendingOff == 8) {
                pending = random.nextLong();
                pendingOff = 0;
            }
            return (byte) (pending >>> (8 * pendingOff++));
        }

        /** Octets not yet handed out. */
        public long left() {
            return left;
        }
    }

    /** SHA-256. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Writes the whole of {@code pattern} into {@code c}, then, if {@code thenShutdown}, shuts it down for sending;
     * completes when all was queued. Fails if the connection refuses a write.
     */
    public static CompletableFuture<Void> send(EngineDriver driver, Connection c, Pattern pattern,
                                               boolean thenShutdown) {
        Objects.requireNonNull(c, "c is null");
        Generator g = pattern.generator();
        byte[] chunk = new byte[65536];
        int[] off = {0};
        int[] len = {0};
        return driver.until(() -> {
            while (true) {
                if (off[0] == len[0]) {
                    len[0] = g.next(chunk, chunk.length);
                    off[0] = 0;
                    if (len[0] == 0) {
                        if (thenShutdown && !c.shutdown()) {
                            throw new IllegalStateException("shutdown refused: " + c.error().getOrElse("?"));
                        }
                        return true;
                    }
                }
                int n = c.write(chunk, off[0], len[0] - off[0]);
                if (n < 0) {
                    throw new IllegalStateException("write refused in " + c.state() + ": "
                            + c.error().getOrElse("?"));
                }
                if (n == 0) {
                    return false;
                }
                off[0] += n;
            }
        });
    }

    /**
     * Reads from {@code c} until the peer's FIN (or until {@code atMost} octets, whichever first), hashing what
     * arrives; the future yields the SHA-256 and the count. Fails if the connection is reset.
     */
    public static CompletableFuture<Received> receive(EngineDriver driver, Connection c, long atMost) {
        MessageDigest md = sha256();
        byte[] buf = new byte[65536];
        long[] count = {0};
        CompletableFuture<Received> result = new CompletableFuture<>();
        driver.until(() -> {
            while (count[0] < atMost) {
                int n = c.read(buf, 0, (int) Math.min(buf.length, atMost - count[0]));
                if (n == 0) {
                    return false;
                }
                if (n < 0) {
                    if (c.error().isDefined() && !c.isEndOfStream()) {
                        throw new IllegalStateException("read failed in " + c.state() + ": " + c.error().get());
                    }
                    break;
                }
                md.update(buf, 0, n);
                count[0] += n;
            }
            result.complete(new Received(md.digest(), count[0]));
            return true;
        }).whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** What {@link #receive} read. */
    public record Received(byte[] sha256, long octets) {
    }
}
