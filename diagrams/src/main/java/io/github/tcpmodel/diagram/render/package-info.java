/**
 * Turning DOT and SVG text into pictures: a Graphviz engine for DOT (graphviz-java's embedded V8 engine by
 * default, the {@code dot} command when asked for or when V8 cannot start) and svgSalamander for rasterizing the
 * SVG of sequence charts. Failures are values, one line each.
 */
package io.github.tcpmodel.diagram.render;
