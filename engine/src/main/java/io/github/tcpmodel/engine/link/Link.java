package io.github.tcpmodel.engine.link;

/** One end of a link that carries raw IPv4 packets, one packet per call. */
public interface Link {

    /** Hands one packet to the link; the array is not used after the call returns. */
    void send(byte[] packet);

    /**
     * Passes every packet that has arrived by now to {@code receiver}, at most {@code max}, and returns how many.
     * Never blocks.
     */
    int receive(PacketReceiver receiver, int max);

    /**
     * When the next packet will arrive, in the link's clock's milliseconds: {@link Long#MAX_VALUE} if none is on
     * its way or the link cannot know (a real device).
     */
    default long nextArrivalMillis() {
        return Long.MAX_VALUE;
    }

    /** Receives one packet at a time from {@link Link#receive}. */
    @FunctionalInterface
    interface PacketReceiver {
        /** Called with a packet that now belongs to the receiver. */
        void receive(byte[] packet);
    }
}
