package io.github.tcpmodel.engine.resilience;

public final class Knobs {

    private Knobs() {
    }

    public static long get(String name, long ciDefault) {
        String v = System.getProperty("tcpmodel.resilience." + name);
        if (v == null || v.isBlank()) {
            return ciDefault;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tcpmodel.resilience." + name + " is not a number: " + v, e);
        }
    }

    public static void report(String test, String line) {
        System.out.println("[resilience] " + test + ": " + line);
    }

    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
