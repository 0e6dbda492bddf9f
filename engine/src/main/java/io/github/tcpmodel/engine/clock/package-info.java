/**
 * Time as the engine sees it: a {@link io.github.tcpmodel.engine.clock.Clock} in milliseconds. Tests use the
 * {@link io.github.tcpmodel.engine.clock.VirtualClock}, which moves only when told to, so a two-hour keep-alive idle
 * time passes instantly and every run is deterministic; real runs use {@link io.github.tcpmodel.engine.clock.SystemClock}.
 */
package io.github.tcpmodel.engine.clock;
