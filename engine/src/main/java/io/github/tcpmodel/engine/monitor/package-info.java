/**
 * The segment-level conformance monitor: {@link io.github.tcpmodel.engine.monitor.ConformanceMonitor} steps the
 * model's RFC 9293 segment semantics ({@code io.github.tcpmodel.semantics}) in lockstep with every event of an
 * engine and records each divergence in state or in the sequence number, acknowledgment, control bits and length
 * of the segments the engine emits. Where the RFC leaves a choice to the implementation the engine's choice is the
 * model's input; the model checks it is allowed.
 */
package io.github.tcpmodel.engine.monitor;
