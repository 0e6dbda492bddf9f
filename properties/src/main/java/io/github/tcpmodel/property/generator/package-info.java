/**
 * QuickTheories generators for the kit: sequence numbers biased to the edges of sequence space and of the windows,
 * connection states and table events, segments relative to a TCB, and traces of inputs.
 *
 * <p>Shrinking. QuickTheories shrinks the random draws behind a value towards their shrink points and regenerates
 * the value. Every choice here is therefore one integer draw that shrinks to 0, and 0 always means the simplest
 * option (the first state, offset 0, a plain ACK). A trace draws its length first, so it shrinks by length first;
 * each input also draws a "keep" flag whose shrink point drops the input, so inputs in the middle of a trace can be
 * removed too, and what remains shrinks element by element.
 */
package io.github.tcpmodel.property.generator;
