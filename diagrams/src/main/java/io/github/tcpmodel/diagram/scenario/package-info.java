/**
 * Scenarios run through the reference semantics: both sides are stepped in lockstep by {@code UserCalls},
 * {@code Timeouts} and {@code Arrival.segmentArrives} of RFC 9293 §3.10 (profile {@code rfc9293}), every segment
 * one side sends is delivered to the other when the script says so, and each step's projection is looked up in
 * a transition table, which decides the states.
 *
 * <p>Sequence numbers are concrete in the run and named in the chart, as the seeds write them (seed claims C1-C3,
 * C15-C19): the client's ISN is {@code x}, the server's {@code y}; in the close, the sides start ESTABLISHED with
 * SND.NXT {@code u} and {@code v}. A number is drawn as the nearest name at or below it plus an offset
 * ({@code x+1}).
 */
package io.github.tcpmodel.diagram.scenario;
