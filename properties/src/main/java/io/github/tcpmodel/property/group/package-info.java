/**
 * The named property groups, as abstract JUnit Jupiter classes to subclass (the netty testsuite pattern): each
 * property carries its formal statement as a one-line comment above it.
 *
 * <ul>
 *   <li>{@link io.github.tcpmodel.property.group.ValidityProperties}: the table is total and deterministic,
 *       sequence-number and segment arithmetic obey their laws, every step refines the table;</li>
 *   <li>{@link io.github.tcpmodel.property.group.PostconditionProperties}: the rules of RFC 9293 §3.10 hold after
 *       every step;</li>
 *   <li>{@link io.github.tcpmodel.property.group.MetamorphicProperties}: shifting every sequence number by k, or
 *       choosing another ISN, changes nothing but the numbers;</li>
 *   <li>{@link io.github.tcpmodel.property.group.ConformanceProperties}: model-based, an implementation in lockstep
 *       with the model.</li>
 * </ul>
 * Each subclass chooses the profile (and, for conformance, the implementation) with a factory method.
 */
package io.github.tcpmodel.property.group;
