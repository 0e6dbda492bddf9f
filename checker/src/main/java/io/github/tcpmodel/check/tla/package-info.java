/**
 * The compatibility profile of the TLA+ specification of the RFC 9293 state machine in the public repository
 * tlaplus/Examples ({@code specifications/tcp/tcp.tla}, model {@code MCtcp.tla} / {@code MCtcp.cfg}, author
 * Markus Kuppe), written in Java from the spec's meaning: the same actions, initial states, state constraint
 * (NoRetransmission) and action constraint (SingleActiveOpen), so that the explorer reproduces the figures TLC
 * records in the folder's {@code manifest.json}: 1182 distinct states, 6322 states generated, depth 14.
 */
package io.github.tcpmodel.check.tla;
