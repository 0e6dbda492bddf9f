package io.github.tcpmodel.script;

/** Rendering of times as scripts write them. */
final class Render {

    private Render() {
    }

    /** Microseconds as seconds with up to six decimals, trailing zeros dropped: {@code 0.1}, {@code 2}. */
    static String seconds(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        long whole = abs / 1_000_000;
        long frac = abs % 1_000_000;
        if (frac == 0) {
            return sign + whole;
        }
        String f = String.format("%06d", frac);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return sign + whole + "." + f.substring(0, end);
    }
}
