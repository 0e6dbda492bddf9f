/**
 * Two TCP endpoints that are the reference semantics themselves, composed with a network as a model for the
 * explorer, and the theorems restated over it.
 *
 * <p>{@link io.github.tcpmodel.check.semantic.SemanticModel} holds each endpoint's whole {@code tcb.Tcb} and steps it
 * with {@code semantics.UserCalls}, {@code semantics.Arrival}, {@code semantics.Timeouts} and {@code
 * semantics.Emission} under the endpoint's profile ({@link io.github.tcpmodel.check.semantic.SemanticEndpoint}),
 * over a {@link io.github.tcpmodel.check.semantic.SemanticNetwork}; {@link
 * io.github.tcpmodel.check.semantic.SemanticVariant} names the broken protocols; {@link
 * io.github.tcpmodel.check.semantic.SemanticTheorems} states the claims as named checks with the verdict RFC 9293
 * predicts.
 */
package io.github.tcpmodel.check.semantic;
