package io.github.tcpmodel.property.conformance;

/**
 * A SHOULD of RFC 9293 (Appendix B) the model follows and an implementation may decline. The runner tests a SHOULD
 * only for an implementation that claims it; for the others, the inputs that would tell are skipped.
 */
public enum Should {
    /**
     * SHLD-31 (§3.10.7.4 seventh): segments with higher beginning sequence numbers than RCV.NXT are held for later
     * processing. Declined, no text or FIN beyond RCV.NXT reaches the implementation, so a stack that drops such
     * segments (and has the peer retransmit them) is not failed for it.
     */
    QUEUE_OUT_OF_ORDER("SHLD-31");

    private final String id;

    Should(String id) {
        this.id = id;
    }

    /** {@return the requirement's ID in RFC 9293 Appendix B} */
    public String id() {
        return id;
    }
}
