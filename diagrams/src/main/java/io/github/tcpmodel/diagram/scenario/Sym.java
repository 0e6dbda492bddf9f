package io.github.tcpmodel.diagram.scenario;

/** A symbolic sequence number: a name as the seeds write it ({@code x}) plus an offset ({@code x+1}). */
record Sym(String base, int offset) {

    static Sym of(String base) {
        return new Sym(base, 0);
    }

    Sym plus(int n) {
        return new Sym(base, offset + n);
    }

    @Override
    public String toString() {
        return offset == 0 ? base : base + "+" + offset;
    }
}
