package io.github.tcpmodel.linux.netns;

import io.github.tcpmodel.table.TcpState;
import io.vavr.control.Option;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One TCP socket of the kernel, as {@code ss -tan -o} showed it at a checkpoint.
 *
 * @param state      the state in RFC 9293 terms ({@code SYN-RECV} is {@link TcpState#SYN_RECEIVED})
 * @param kernelName the state as ss printed it, e.g. {@code SYN-RECV}, {@code ESTAB}
 * @param local      the local address and port; a listener's wildcard address is {@code 0.0.0.0} or {@code ::}
 * @param peer       the peer's address and port; port 0 and a wildcard address for a listener
 * @param recvQ      bytes received and not yet read by the application (for a listener: connections waiting
 *                   for {@code accept})
 * @param sendQ      bytes sent and not yet acknowledged (for a listener: the backlog)
 * @param timer      the socket's running timer, if any
 */
public record KernelSocket(TcpState state, String kernelName, InetSocketAddress local, InetSocketAddress peer,
                           long recvQ, long sendQ, Option<Timer> timer) {

    /** Rejects nulls at once. */
    public KernelSocket {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(kernelName, "kernelName is null");
        Objects.requireNonNull(local, "local is null");
        Objects.requireNonNull(peer, "peer is null");
        Objects.requireNonNull(timer, "timer is null");
    }

    /**
     * A socket timer as ss shows it, e.g. {@code timer:(timewait,59sec,0)}.
     *
     * @param name        {@code on} (retransmission), {@code keepalive}, {@code timewait}, {@code persist}
     * @param remaining   time until it fires
     * @param retransmits retransmissions so far (for {@code on}) or keepalive probes sent
     */
    public record Timer(String name, Duration remaining, int retransmits) {
        /** Rejects nulls at once. */
        public Timer {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(remaining, "remaining is null");
        }
    }

    /** Whether this socket's local port is {@code localPort} and its peer port is {@code peerPort}. */
    public boolean connects(int localPort, int peerPort) {
        return local.getPort() == localPort && peer.getPort() == peerPort;
    }
}
