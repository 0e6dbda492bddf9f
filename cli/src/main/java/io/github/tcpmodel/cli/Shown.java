package io.github.tcpmodel.cli;

import java.nio.file.Path;

/**
 * File names and other outside text as the command echoes them: control characters (C0, DEL, C1), which a
 * terminal would obey as escape sequences, are written as {@code \xNN}; everything else is left as it is.
 */
final class Shown {

    private Shown() {
    }

    static String path(Path p) {
        return text(p.toString());
    }

    /** {@code s} with every control character but newline and tab escaped. */
    static String text(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (control && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (control) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** One line: also newlines and tabs escaped (a file name with a newline would otherwise forge a line). */
    static String line(String s) {
        return text(s.replace("\n", "\\x0a").replace("\t", "\\x09"));
    }

    static String line(Path p) {
        return line(p.toString());
    }
}
