/**
 * Profiles: the choices RFC 9293 leaves to an implementation, as values.
 *
 * <p>Read first: RFC 9293 §3.8 (timers, keep-alive), §3.6.1 (TIME-WAIT, MAY-2), §3.10.7.4 (RFC 5961 checks),
 * RFC 1337 and RFC 6191. {@link io.github.tcpmodel.profile.Profile#rfc9293()} is the reference;
 * {@link io.github.tcpmodel.profile.Profile#linux()} describes the Linux kernel where it departs from the RFC.
 * Each profile carries the {@link io.github.tcpmodel.table.TransitionTable} its segment-level behaviour refines,
 * derived from the reference by {@link io.github.tcpmodel.profile.ProfileTables}.
 */
package io.github.tcpmodel.profile;
