/**
 * Benchmarks run as a main, not as tests: {@link io.github.tcpmodel.engine.benchmark.EngineBenchmark} reports the
 * engine's throughput over the in-memory link against a plain byte copy through the same link measured in the same
 * run, and the memory an idle connection costs.
 */
package io.github.tcpmodel.engine.benchmark;
