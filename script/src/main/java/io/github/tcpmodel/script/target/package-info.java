/**
 * The systems a conformance script runs against ({@link io.github.tcpmodel.script.Target}s) and the one
 * entry point that runs files of scripts against a named target: {@link io.github.tcpmodel.script.target.Scripts}.
 *
 * <p>{@code model}: the reference model as the system under test, through a sockets-layer mapping onto the
 * segment semantics ({@link io.github.tcpmodel.script.target.ModelTarget}). {@code engine}: the engine on a
 * virtual clock with its conformance monitor ({@link io.github.tcpmodel.script.target.EngineTarget}).
 * {@code linux}: the kernel in a fresh network namespace through a TUN device
 * ({@link io.github.tcpmodel.script.target.LinuxTarget}).
 */
package io.github.tcpmodel.script.target;
