package io.github.tcpmodel.script;

/**
 * A script that passed.
 *
 * @param file   the script's file name
 * @param events how many events ran
 * @param end    the target's clock when the script ended, in microseconds
 */
public record Passed(String file, int events, long end) {
}
