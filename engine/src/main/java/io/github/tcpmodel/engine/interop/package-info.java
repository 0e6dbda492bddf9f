/**
 * The engine against the Linux kernel's TCP through a TUN device: {@link io.github.tcpmodel.engine.interop.TunLink}
 * (an engine {@code Link} over a {@code TunDevice}, with optional user-space impairments and a pcap),
 * {@link io.github.tcpmodel.engine.interop.EngineDriver} (the thread that runs a {@code TcpStack} on the real clock),
 * {@link io.github.tcpmodel.engine.interop.KernelShadow} (what the model's {@code linux} profile predicts for the
 * kernel's side), the entry point {@link io.github.tcpmodel.engine.interop.Interop} and the benchmark
 * {@link io.github.tcpmodel.engine.interop.InteropBenchmark}.
 */
package io.github.tcpmodel.engine.interop;
