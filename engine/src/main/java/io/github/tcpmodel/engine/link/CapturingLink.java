package io.github.tcpmodel.engine.link;

import io.github.tcpmodel.engine.clock.Clock;
import io.github.tcpmodel.engine.link.Link;
import io.github.tcpmodel.pcap.PcapWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A link that records every packet sent and received through another link, as the engine sees them (so a packet
 * the link lost after sending is in the capture of the sender only).
 */
public final class CapturingLink implements Link, AutoCloseable {

    /** The system property naming a directory: when set, {@link #wrapIfEnabled} captures into it. */
    public static final String DIRECTORY_PROPERTY = "tcpmodel.pcap.dir";

    private final Link inner;
    private final PcapWriter writer;

    /** Captures {@code inner}'s traffic into {@code writer}. */
    public CapturingLink(Link inner, PcapWriter writer) {
        this.inner = Objects.requireNonNull(inner, "inner is null");
        this.writer = Objects.requireNonNull(writer, "writer is null");
    }

    /**
     * {@code inner} wrapped to capture into {@code <dir>/<name>.pcap} if the system property
     * {@value #DIRECTORY_PROPERTY} is set, else {@code inner} itself.
     */
    public static Link wrapIfEnabled(Link inner, String name, Clock clock) {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return inner;
        }
        String file = name.replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap";
        return new CapturingLink(inner, PcapWriter.create(Path.of(dir, file), clock::nowMillis));
    }

    @Override
    public void send(byte[] packet) {
        writer.write(packet);
        inner.send(packet);
    }

    @Override
    public int receive(PacketReceiver receiver, int max) {
        return inner.receive(p -> {
            writer.write(p);
            receiver.receive(p);
        }, max);
    }

    @Override
    public long nextArrivalMillis() {
        return inner.nextArrivalMillis();
    }

    @Override
    public void close() {
        writer.close();
    }
}
