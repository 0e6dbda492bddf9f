package io.github.tcpmodel.engine.connection;

import io.github.tcpmodel.engine.codec.Addresses;

/**
 * A connection's identity: its 4-tuple (RFC 9293 §3.4: local and remote socket) and an incarnation number that tells
 * apart successive connections on the same 4-tuple. A listener has remote address and port 0.
 *
 * @param localAddr   local IPv4 address
 * @param localPort   local port
 * @param remoteAddr  remote IPv4 address
 * @param remotePort  remote port
 * @param incarnation 1, 2, ... per engine; 0 for a segment that reached no connection
 */
public record ConnectionId(int localAddr, int localPort, int remoteAddr, int remotePort, long incarnation) {

    /** The 4-tuple part, as a demultiplexing key. */
    public long key() {
        return FourTuple.key(localPort, remoteAddr, remotePort);
    }

    @Override
    public String toString() {
        return Addresses.format(localAddr) + ":" + localPort + "<->" + Addresses.format(remoteAddr) + ":"
                + remotePort + "#" + incarnation;
    }

    /** Packs the parts of a 4-tuple that vary on one host into a long (the local address is the host's). */
    static final class FourTuple {
        private FourTuple() {
        }

        static long key(int localPort, int remoteAddr, int remotePort) {
            return ((long) remoteAddr << 32) | ((long) localPort << 16) | remotePort;
        }
    }

    /** The demultiplexing key of a segment arriving at this host. */
    public static long keyOfArrival(int srcAddr, int srcPort, int dstPort) {
        return FourTuple.key(dstPort, srcAddr, srcPort);
    }
}
