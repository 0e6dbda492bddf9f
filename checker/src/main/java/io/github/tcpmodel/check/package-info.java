/**
 * An explicit-state model checker for TCP connection management.
 *
 * <p>A {@link io.github.tcpmodel.check.Model} is a finite transition system over states encoded as a fixed
 * number of {@code long} words: initial states, labelled successors, a state constraint, an action constraint,
 * named {@link io.github.tcpmodel.check.Invariant}s and, optionally, quiescent end states. The
 * {@link io.github.tcpmodel.check.Explorer} searches it breadth-first and returns an immutable
 * {@link io.github.tcpmodel.check.ExplorationResult}: distinct states, states generated, depth (counted as TLC counts them),
 * and each violated property with its shortest counterexample as a {@link io.github.tcpmodel.check.Trace}, which
 * {@link io.github.tcpmodel.check.TextChart} prints as a message sequence chart.
 *
 * <p>Purity. The package has no clock or randomness, and its values are immutable; its only I/O is the files a
 * search asks for (checkpoints, the visited set's spill, and the frontier past its memory limit, in a temporary
 * directory deleted when the search ends). Inside one call the explorer uses local mutable structures (the visited
 * set, the frontier) and, with
 * {@link io.github.tcpmodel.check.Options#threads()} above one, a thread pool that is shut down before the call
 * returns; nothing mutable escapes. Progress is reported through a caller-supplied
 * {@link io.github.tcpmodel.check.Progress} callback receiving counts only (states, queue size, depth): a caller
 * that wants states per second measures time itself.
 *
 * <p>Models: {@code io.github.tcpmodel.check.tcp} composes two endpoints that step the transition table with a
 * configurable network; {@code io.github.tcpmodel.check.tla} is the compatibility profile of the TLA+ TCP spec.
 */
package io.github.tcpmodel.check;
