/**
 * Two TCP endpoints and a network, composed as a model for the explorer, and the seeds' theorems over it.
 *
 * <p>{@link io.github.tcpmodel.check.tcp.TcpModel} processes each arriving segment with the reference semantics
 * ({@code semantics.Arrival}) over a small abstract TCB, steps each endpoint's transition table for user calls and
 * timers, and composes them with a configurable {@link io.github.tcpmodel.check.tcp.Network}; {@link io.github.tcpmodel.check.tcp.Variants}
 * derives the broken protocols from the reference table; {@link io.github.tcpmodel.check.tcp.Theorems} states the
 * six claims as named checks with the verdict RFC 9293 predicts.
 */
package io.github.tcpmodel.check.tcp;
