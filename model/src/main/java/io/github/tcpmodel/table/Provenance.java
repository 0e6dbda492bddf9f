package io.github.tcpmodel.table;

/** Where in RFC 9293 a transition is drawn or written. */
public enum Provenance {
    /** An arc drawn in Figure 5 (§3.3.2). */
    FIGURE_5,
    /** Note 1 of Figure 5: SYN-RECEIVED to LISTEN on RST after a passive OPEN. */
    NOTE_1,
    /** Note 2 of Figure 5: FIN-WAIT-1 to TIME-WAIT on a FIN that also acknowledges ours. */
    NOTE_2,
    /** Note 3 of Figure 5: the omitted RST arcs (receipt of a RST leads to LISTEN or CLOSED). */
    NOTE_3,
    /** Only in the text of §3.10 (event processing), not drawn in Figure 5. */
    TEXT,
    /** Not in RFC 9293: an implementation's choice, present only in a variant table. */
    VARIANT
}
