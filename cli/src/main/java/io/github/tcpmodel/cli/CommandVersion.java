package io.github.tcpmodel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version {@code tcpmodel --version} prints: the Maven project version this build wrote into
 * {@code version.properties} (a filtered resource), so that a distribution and its jar never disagree.
 */
final class CommandVersion implements CommandLine.IVersionProvider {

    /** The build's version, e.g. {@code 0.1.0}, or {@code unknown} when the resource is missing. */
    static String version() {
        try (InputStream in = CommandVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"tcpmodel " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
