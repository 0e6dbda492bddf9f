package io.github.tcpmodel.linux.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;

/** A byte stream through a kernel socket (blocking), the counterpart of {@link EngineStreams}. */
public final class KernelStreams {

    private KernelStreams() {
    }

    /** Writes the whole of {@code pattern} to {@code s}. */
    public static void send(SocketChannel s, EngineStreams.Pattern pattern) throws IOException {
        EngineStreams.Generator g = pattern.generator();
        byte[] chunk = new byte[65536];
        int n;
        while ((n = g.next(chunk, chunk.length)) > 0) {
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
            while (b.hasRemaining()) {
                s.write(b);
            }
        }
    }

    /** Reads until the end of the stream or {@code atMost} octets; the SHA-256 and the count. */
    public static EngineStreams.Received receive(SocketChannel s, long atMost) throws IOException {
        MessageDigest md = EngineStreams.sha256();
        ByteBuffer b = ByteBuffer.allocate(65536);
        long count = 0;
        while (count < atMost) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), atMost - count));
            int n = s.read(b);
            if (n < 0) {
                break;
            }
            md.update(b.array(), 0, n);
            count += n;
        }
        return new EngineStreams.Received(md.digest(), count);
    }
}
