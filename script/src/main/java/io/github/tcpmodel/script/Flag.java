package io.github.tcpmodel.script;

import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;

/** The TCP control bits a script can name, with the letter packetdrill (and tcpdump) uses for each. */
public enum Flag {
    /** SYN, {@code S}. */
    SYN('S'),
    /** FIN, {@code F}. */
    FIN('F'),
    /** RST, {@code R}. */
    RST('R'),
    /** PSH, {@code P}. */
    PSH('P'),
    /** ACK, {@code .}. */
    ACK('.'),
    /** URG, {@code U} (RFC 9293 §3.1). */
    URG('U'),
    /** ECE, {@code E}: ECN-Echo (RFC 3168 §6.1). */
    ECE('E'),
    /** CWR, {@code W}: Congestion Window Reduced (RFC 3168 §6.1). */
    CWR('W');

    private final char letter;

    Flag(char letter) {
        this.letter = letter;
    }

    /** The letter of this flag in a script. */
    public char letter() {
        return letter;
    }

    /** The flag written as {@code c}, if any. */
    public static Option<Flag> of(char c) {
        return List.of(values()).find(f -> f.letter == c);
    }

    /** The flags in the order packetdrill writes them ({@code S F R P . U E W} but ACK, which is last: {@code S.}, {@code SEW}, {@code F.}). */
    public static String render(Set<Flag> flags) {
        StringBuilder b = new StringBuilder();
        for (Flag f : values()) {
            if (f != ACK && flags.contains(f)) {
                b.append(f.letter);
            }
        }
        if (flags.contains(ACK)) {
            b.append(ACK.letter);
        }
        return b.toString();
    }
}
