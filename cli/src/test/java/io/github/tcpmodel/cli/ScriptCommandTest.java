package io.github.tcpmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code script --report}: the lines that did not apply to the target are said, with why. */
class ScriptCommandTest {

    @TempDir
    Path dir;

    private Path script() throws Exception {
        Path p = dir.resolve("na.pkt");
        Files.writeString(p, String.join("\n",
                "--local_ip=192.168.0.1",
                "`ip tcp_metrics flush all`",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 ioctl(3, SIOCOUTQ, [0]) = 0",
                "+0 bind(3, ..., ...) = 0",
                "+0 listen(3, 1) = 0",
                "+0 < SEW 0:0(0) win 65535 <mss 1000,sackOK,nop,nop,nop,wscale 7>",
                "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>",
                "%{ assert tcpi_snd_cwnd == 10 }%",
                ""), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void theReportNamesEachLineThatDidNotApplyAndWhy() throws Exception {
        MainTest.Run r = MainTest.run("script", "--report", "--profile", "linux", script().toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("n/a --local_ip=192.168.0.1"), r.out());
        assertTrue(r.out().contains("n/a line 2: `ip tcp_metrics flush all`: not applicable to the model "
                + "target: a shell command"), r.out());
        assertTrue(r.out().contains("n/a line 4: +0 ioctl(3, SIOCOUTQ, [0]) = 0: not applicable to the "
                + "model target: the ioctl SIOCOUTQ (not modelled)"), r.out());
        assertTrue(r.out().contains("ECN (RFC 3168) marks and flags"), r.out());
        assertTrue(r.out().contains("n/a line 9: %{ assert tcpi_snd_cwnd == 10 }%"), r.out());
    }

    @Test
    void withoutReportThePassIsOneLine() throws Exception {
        MainTest.Run r = MainTest.run("script", "--profile", "linux", script().toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertFalse(r.out().contains("n/a"), r.out());
    }

    @Test
    void theJsonReportListsTheLines() throws Exception {
        MainTest.Run r = MainTest.run("script", "--json", "--report", "--profile", "linux", script().toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\"notApplicable\": [\"--local_ip=192.168.0.1: "), r.out());
    }
}
