/**
 * The transmission control block of RFC 9293 §3.3.1 as an immutable value.
 *
 * <p>Read first: RFC 9293 §3.3.1 (send and receive sequence variables, Figures 3 and 4) and §3.8 (timers).
 * {@link io.github.tcpmodel.tcb.Tcb} holds the table's {@link io.github.tcpmodel.table.ConnectionState}, the
 * {@link io.github.tcpmodel.tcb.SendVars} and {@link io.github.tcpmodel.tcb.ReceiveVars}, the queues, and the
 * armed {@link io.github.tcpmodel.tcb.Timer}s as deadlines. Times are milliseconds on a clock the caller owns.
 */
package io.github.tcpmodel.tcb;
