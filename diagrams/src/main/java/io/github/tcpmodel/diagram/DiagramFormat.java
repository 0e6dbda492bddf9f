package io.github.tcpmodel.diagram;

/**
 * The forms a state diagram is written in by {@link Diagrams#render}: the first two are text derived without a
 * Graphviz engine, the last two are drawn by one.
 */
public enum DiagramFormat {
    /** Graphviz DOT text ({@code .dot}), e.g. for {@code dot -Tpdf}. */
    DOT("dot"),
    /** A Mermaid {@code stateDiagram-v2} ({@code .mmd}), which Markdown renderers draw. */
    MERMAID("mmd"),
    /** SVG drawn by the Graphviz engine ({@code .svg}). */
    SVG("svg"),
    /** PNG rasterized from the SVG, {@link Diagrams#PNG_WIDTH} pixels wide ({@code .png}). */
    PNG("png");

    private final String extension;

    DiagramFormat(String extension) {
        this.extension = extension;
    }

    /**
     * The file name extension of this format, without the dot.
     *
     * @return e.g. {@code mmd} for Mermaid
     */
    public String extension() {
        return extension;
    }

    /**
     * Whether drawing in this format needs a Graphviz engine.
     *
     * @return true for SVG and PNG
     */
    public boolean needsEngine() {
        return switch (this) {
            case DOT, MERMAID -> false;
            case SVG, PNG -> true;
        };
    }
}
