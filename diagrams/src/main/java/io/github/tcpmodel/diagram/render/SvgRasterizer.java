package io.github.tcpmodel.diagram.render;

import com.kitfox.svg.SVGConst;
import com.kitfox.svg.SVGDiagram;
import com.kitfox.svg.SVGException;
import com.kitfox.svg.SVGUniverse;
import io.vavr.control.Either;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rasterizes SVG text with svgSalamander (pure Java, headless); no Graphviz engine is involved.
 *
 * <p>svgSalamander only knows the font families Java knows, so font lists such as {@code Helvetica,sans-Serif}
 * are mapped to Java's logical fonts ({@code SansSerif}, {@code Monospaced}) before drawing.
 */
public final class SvgRasterizer {

    /** Held so that the level set on it stays: svgSalamander logs every font it cannot find. */
    private static final Logger SALAMANDER_LOG = Logger.getLogger(SVGConst.SVG_LOGGER);

    private static final Pattern FONT_FAMILY = Pattern.compile("font-family=\"([^\"]*)\"");
    private static final Pattern FONT_SIZE = Pattern.compile("font-size=\"([0-9.]+)\"");
    /**
     * Java's SansSerif is DejaVu Sans on most Linux systems, about a tenth wider than the Helvetica whose metrics
     * Graphviz lays labels out with; drawn a tenth smaller, the labels keep to the space Graphviz gave them.
     */
    private static final double SANS_SCALE = 0.9;

    private SvgRasterizer() {
    }

    /** {@code svg} with every font family replaced by the Java logical font closest to it. */
    static String javaFonts(String svg) {
        Matcher m = FONT_FAMILY.matcher(svg);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String family = m.group(1).toLowerCase(Locale.ROOT);
            String java = family.contains("courier") || family.contains("mono") ? "Monospaced"
                    : family.contains("times") || family.equals("serif") ? "Serif" : "SansSerif";
            m.appendReplacement(out, "font-family=\"" + java + "\"");
        }
        m.appendTail(out);
        Matcher size = FONT_SIZE.matcher(out.toString());
        StringBuilder scaled = new StringBuilder();
        while (size.find()) {
            double px = Double.parseDouble(size.group(1)) * SANS_SCALE;
            size.appendReplacement(scaled, String.format(Locale.ROOT, "font-size=\"%.2f\"", px));
        }
        size.appendTail(scaled);
        return scaled.toString();
    }

    /**
     * {@code svg} drawn {@code width} pixels wide (height in proportion), or why it could not be drawn.
     *
     * @param svg the SVG document
     * @param width the image's width in pixels; the height keeps the drawing's proportions
     * @return the image, or why the SVG could not be drawn
     */
    public static Either<String, BufferedImage> png(String svg, int width) {
        Objects.requireNonNull(svg, "svg is null");
        System.setProperty("java.awt.headless", "true");
        SALAMANDER_LOG.setLevel(Level.OFF);
        try {
            SVGUniverse universe = new SVGUniverse();
            URI uri = universe.loadSVG(new StringReader(javaFonts(svg)), "chart");
            SVGDiagram diagram = universe == null || uri == null ? null : universe.getDiagram(uri);
            if (diagram == null) {
                return Either.left("the SVG could not be read");
            }
            diagram.setIgnoringClipHeuristic(true);
            double scale = width / (double) diagram.getWidth();
            int height = (int) Math.ceil(diagram.getHeight() * scale);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.scale(scale, scale);
                diagram.render(g);
            } finally {
                g.dispose();
            }
            return Either.right(image);
        } catch (SVGException | RuntimeException e) {
            return Either.left("rasterizing SVG failed: " + GraphvizRenderer.oneLine(e));
        }
    }
}
