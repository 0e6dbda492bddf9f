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
    ACK('.');

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

    /** The flags in the order scripts write them ({@code S F R P .}), e.g. {@code S.} or {@code F.}. */
    public static String render(Set<Flag> flags) {
        StringBuilder b = new StringBuilder();
        for (Flag f : values()) {
            if (flags.contains(f)) {
                b.append(f.letter);
            }
        }
        return b.toString();
    }
}
