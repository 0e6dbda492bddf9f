/**
 * The tcpmodel conformance kit: property-based checks of RFC 9293 connection management that other projects import,
 * the way a TCK is imported.
 *
 * <p>Read first: {@link io.github.tcpmodel.property.conformance.Implementation} (what an implementation under test
 * provides) and {@link io.github.tcpmodel.property.group.ConformanceProperties} (the abstract test class to
 * subclass). {@link io.github.tcpmodel.property.generator} holds the generators,
 * {@link io.github.tcpmodel.property.group} the named property groups (validity, postconditions, metamorphic,
 * model-based) and {@link io.github.tcpmodel.property.check} the run settings: {@code -Dtcpmodel.tries=N} for a
 * deeper pass, {@code -Dtcpmodel.seed=S} to replay a failure.
 */
package io.github.tcpmodel.property;
