/**
 * Every engine event goes through an {@link io.github.tcpmodel.engine.observation.EngineObserver}: user calls,
 * segments in and out, timers fired and state changes, each an {@link io.github.tcpmodel.engine.observation.EngineEvent}
 * naming its connection. A conformance monitor that steps the model's segment semantics in lockstep attaches here;
 * so do traces and tests. With no observer attached the engine builds no event objects.
 */
package io.github.tcpmodel.engine.observation;
