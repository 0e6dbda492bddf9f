/**
 * The engine against the Linux kernel's TCP through a TUN device: {@link io.github.tcpmodel.linux.interop.TunLink}
 * (an engine {@code Link} over a {@code TunDevice}, with optional user-space impairments and a pcap),
 * {@link io.github.tcpmodel.linux.interop.EngineDriver} (the thread that runs a {@code TcpStack} on the real clock),
 * {@link io.github.tcpmodel.linux.interop.KernelShadow} (what the model's {@code linux} profile predicts for the
 * kernel's side), the entry point {@link io.github.tcpmodel.linux.interop.Interop} and the benchmark
 * {@code InteropBenchmark} (in the bench module).
 */
package io.github.tcpmodel.linux.interop;
