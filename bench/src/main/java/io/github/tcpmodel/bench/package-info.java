/**
 * JMH benchmarks. Each benchmark class pairs the measured operation with a reference measured in the same run,
 * so that the figures in {@code docs/performance.md} are ratios that mean something on any machine.
 */
package io.github.tcpmodel.bench;
