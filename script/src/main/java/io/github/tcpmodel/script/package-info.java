/**
 * Conformance scripts: a documented subset of packetdrill's language (Cardwell et al., "packetdrill: Scriptable
 * Network Stack Testing, from Sockets to Packets", USENIX ATC 2013), parsed into an immutable syntax tree and run
 * against any system under test behind the small {@link io.github.tcpmodel.script.Target} interface.
 *
 * <p>A script is a list of timed events: socket calls (strace-like, {@code +0 bind(3, ..., ...) = 0}), segments
 * the script injects ({@code < S 0:0(0) win 1000 <mss 1000>}) and segments it expects the target to emit
 * ({@code > S. 0:0(0) ack 1 <...>}). {@link io.github.tcpmodel.script.ScriptParser} answers a
 * {@link io.github.tcpmodel.script.Script} or a {@link io.github.tcpmodel.script.ScriptError} naming
 * file, line and column; {@link io.github.tcpmodel.script.ScriptRunner} plays a script against a target,
 * maps sequence numbers relative to both sides' initial sequence numbers, checks times within a tolerance, and
 * answers a pass or a {@link io.github.tcpmodel.script.Failure} ({@code file:line: expected ... / actual
 * ...}). The language is described in {@code docs/scripts.md}.
 *
 * <p>packetdrill's code and scripts are GPL; this package was written from its public description only.
 */
package io.github.tcpmodel.script;
