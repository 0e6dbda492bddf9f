/**
 * The stateful conformance runner: an {@link io.github.tcpmodel.property.conformance.Implementation} under test is
 * driven in lockstep with the model by {@link io.github.tcpmodel.property.conformance.Lockstep}.
 *
 * <p>Read first: {@link io.github.tcpmodel.property.conformance.Implementation} (user call, deliver a segment,
 * advance time; observe the state and the emitted segments), then
 * {@link io.github.tcpmodel.property.conformance.Lockstep} (how each input is checked).
 * {@link io.github.tcpmodel.property.conformance.Input}s are relative to the connection (SEG.SEQ = RCV.NXT + k,
 * SEG.ACK = SND.NXT + k, "wait until the next timer") so that a random trace keeps making sense as it shrinks; the
 * runner resolves each against the model's TCB into a concrete
 * {@link io.github.tcpmodel.property.conformance.Stimulus}. Where RFC 9293 leaves a choice open (the ISN, segment
 * sizes, when to ACK, the advertised window) the implementation's choice is fed to the model as input and checked to
 * be allowed; no single reference behaviour is imposed.
 */
package io.github.tcpmodel.property.conformance;
