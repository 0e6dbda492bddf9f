/**
 * How properties are run: QuickTheories settings (tries, seed, shrink cycles) read from system properties, a
 * failure report that names the seed and the command that replays it, and coverage of what was generated.
 */
package io.github.tcpmodel.property.check;
