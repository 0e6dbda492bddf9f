/**
 * Resilience of the engine (issue 10): blind in-window attacks in the RFC 5961 threat model, SYN floods, ten
 * thousand concurrent connections, peer reboots, silent links, truncated packets, and a randomized soak, all over the
 * in-memory link on the virtual clock. Sizes default to CI runs; system properties ({@link
 * io.github.tcpmodel.engine.resilience.Knobs}) scale them up. Figures and commands: {@code docs/reliability.md}.
 */
package io.github.tcpmodel.engine.resilience;
