/**
 * The control state of each connection, run on a squirrel-foundation state machine generated from the model's
 * {@link io.github.tcpmodel.table.TransitionTable}: one squirrel state per
 * {@link io.github.tcpmodel.table.ConnectionState}, one squirrel transition per table
 * {@link io.github.tcpmodel.table.Outcome.Transition}, and no transition for a
 * {@link io.github.tcpmodel.table.Outcome.Refusal}, so squirrel declines exactly what the table refuses. The
 * engine never sets a state itself; it classifies what happened into a table {@link io.github.tcpmodel.table.Event}
 * and fires it here, so its arcs cannot drift from the table.
 */
package io.github.tcpmodel.engine.lifecycle;
