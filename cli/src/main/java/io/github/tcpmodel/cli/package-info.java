/**
 * The {@code tcpmodel} command: one picocli subcommand per capability of the project.
 */
package io.github.tcpmodel.cli;
