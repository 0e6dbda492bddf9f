/**
 * Message sequence charts: two lifelines, the segments between them, and the state of each side after every step.
 *
 * <p>{@link io.github.tcpmodel.diagram.sequence.SequenceChart} is the value every producer of a trace (the scenarios
 * of this module, the model checker's counterexamples, engine runs, scripts, captures) converts to;
 * {@link io.github.tcpmodel.diagram.sequence.SequenceChartSvg} and
 * {@link io.github.tcpmodel.diagram.sequence.SequenceChartText} draw it without any Graphviz engine.
 */
package io.github.tcpmodel.diagram.sequence;
