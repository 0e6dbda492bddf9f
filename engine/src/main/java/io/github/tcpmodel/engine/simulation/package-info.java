/**
 * Deterministic runs of several engines over in-memory links on a virtual clock:
 * {@link io.github.tcpmodel.engine.simulation.Simulation} polls every engine, lets the user code take its turn, and
 * when nothing is left to do now, jumps the clock to the next timer or packet arrival. Hours of protocol time pass in
 * milliseconds, and a seed reproduces a run exactly.
 */
package io.github.tcpmodel.engine.simulation;
