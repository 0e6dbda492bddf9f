package io.github.tcpmodel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScriptParserTest {

    static Script parsed(String text) {
        Either<ScriptError, Script> r = ScriptParser.parse("t.pkt", text);
        assertTrue(r.isRight(), () -> r.getLeft().message());
        return r.get();
    }

    static ScriptError error(String text) {
        Either<ScriptError, Script> r = ScriptParser.parse("t.pkt", text);
        assertTrue(r.isLeft(), () -> "parsed: " + r.get());
        return r.getLeft();
    }

    // ---------------------------------------------------------------- accepted syntax

    @Test
    void passiveOpenParsesToTheExpectedTree() {
        Script s = parsed(String.join("\n",
                "// server side",
                "--tolerance_usecs=10000",
                "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                "+0  bind(3, ..., ...) = 0",
                "+0  listen(3, 1) = 0",
                "/* the peer opens */",
                "+0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>",
                "+0  > S. 0:0(0) ack 1 <...>",
                "+.1 < . 1:1(0) ack 1 win 257",
                "+0  accept(3, ..., ...) = 4",
                ""));
        assertEquals(Option.some(10_000L), s.tolerance());
        assertEquals(8, s.events().size());
        ScriptEvent.Call socket = (ScriptEvent.Call) s.events().get(0);
        assertEquals(new Position("t.pkt", 3, 1), socket.position());
        assertEquals(new Timing(new TimePoint.Absolute(0), Option.none()), socket.timing());
        assertEquals(new SocketCall.Socket(), socket.call());
        assertEquals(CallResult.returns(3), socket.expected());
        assertEquals(new SocketCall.SetSockOpt(3, SocketOption.SO_REUSEADDR, new OptionValue.IntValue(1)),
                ((ScriptEvent.Call) s.events().get(1)).call());
        assertEquals(new SocketCall.Listen(3, Option.some(1L)), ((ScriptEvent.Call) s.events().get(3)).call());
        ScriptEvent.Segment syn = (ScriptEvent.Segment) s.events().get(4);
        assertEquals(new ScriptEvent.Segment(new Position("t.pkt", 8, 1),
                new Timing(new TimePoint.Relative(0), Option.none()), Direction.INBOUND, HashSet.of(Flag.SYN), 0, 0,
                Option.none(), Option.some(32792L),
                Option.some(List.of(new TcpOption.Mss(1000), new TcpOption.SackPermitted(), new TcpOption.Nop(),
                        new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.WindowScale(7))),
                "+0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>"), syn);
        ScriptEvent.Segment synAck = (ScriptEvent.Segment) s.events().get(5);
        assertEquals(Direction.OUTBOUND, synAck.direction());
        assertEquals(HashSet.of(Flag.SYN, Flag.ACK), synAck.flags());
        assertEquals(Option.some(1L), synAck.ack());
        assertEquals(Option.none(), synAck.options());
        ScriptEvent.Segment ack = (ScriptEvent.Segment) s.events().get(6);
        assertEquals(new TimePoint.Relative(100_000), ack.timing().start());
        assertEquals(new SocketCall.Accept(3), ((ScriptEvent.Call) s.events().get(7)).call());
    }

    @Test
    void blockingConnectWithATimeRange() {
        Script s = parsed("0.100...0.300 connect(3, ..., ...) = 0\n+0.1...+0.2 read(3, ..., 10) = 10\n");
        ScriptEvent.Call c = (ScriptEvent.Call) s.events().get(0);
        assertEquals(new Timing(new TimePoint.Absolute(100_000), Option.some(new TimePoint.Absolute(300_000))),
                c.timing());
        assertEquals(new Timing(new TimePoint.Relative(100_000), Option.some(new TimePoint.Relative(200_000))),
                s.events().get(1).timing());
    }

    @Test
    void failingCallsAndEveryCallShape() {
        Script s = parsed(String.join("\n",
                "0 connect(3, ..., ...) = -1 ECONNREFUSED (Connection refused)",
                "* write(4, ..., 1000) = 1000",
                "+0 read(4, ..., 100) = -1 ECONNRESET",
                "+0 shutdown(4, SHUT_WR) = 0",
                "+0 close(4) = 0",
                "+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0",
                "+0 setsockopt(4, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0",
                "+0 setsockopt(4, IPPROTO_TCP, TCP_KEEPIDLE, [10], 4) = 0",
                "+0 setsockopt(4, IPPROTO_TCP, TCP_KEEPINTVL, [5], ...) = 0",
                "+0 setsockopt(4, IPPROTO_TCP, TCP_KEEPCNT, [3], 4) = 0",
                "+0 setsockopt(4, IPPROTO_TCP, TCP_USER_TIMEOUT, [3000], 4) = 0",
                "+0 listen(3, ...) = 0",
                "+0 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 5"));
        List<SocketCall> calls = s.events().map(e -> ((ScriptEvent.Call) e).call());
        assertEquals(List.of(new SocketCall.Connect(3), new SocketCall.Write(4, 1000), new SocketCall.Read(4, 100),
                new SocketCall.Shutdown(4, SocketCall.How.SHUT_WR), new SocketCall.Close(4),
                new SocketCall.SetSockOpt(4, SocketOption.SO_LINGER, new OptionValue.Linger(1, 0)),
                new SocketCall.SetSockOpt(4, SocketOption.SO_KEEPALIVE, new OptionValue.IntValue(1)),
                new SocketCall.SetSockOpt(4, SocketOption.TCP_KEEPIDLE, new OptionValue.IntValue(10)),
                new SocketCall.SetSockOpt(4, SocketOption.TCP_KEEPINTVL, new OptionValue.IntValue(5)),
                new SocketCall.SetSockOpt(4, SocketOption.TCP_KEEPCNT, new OptionValue.IntValue(3)),
                new SocketCall.SetSockOpt(4, SocketOption.TCP_USER_TIMEOUT, new OptionValue.IntValue(3000)),
                new SocketCall.Listen(3, Option.none()), new SocketCall.Socket()), calls);
        assertEquals(CallResult.fails(Errno.ECONNREFUSED), ((ScriptEvent.Call) s.events().get(0)).expected());
        assertEquals(new TimePoint.Any(), s.events().get(1).timing().start());
        assertEquals(CallResult.fails(Errno.ECONNRESET), ((ScriptEvent.Call) s.events().get(2)).expected());
    }

    @Test
    void segmentFieldsAndOptions() {
        Script s = parsed(String.join("\n",
                "0 > P. 1:1001(1000) ack 1 win 256",
                "+0 < F. 1:1(0) ack 1001 win 1000 <nop,nop,TS val 100 ecr 7,eol>",
                "+0 > R 4294967295:4294967295(0)",
                "+0 < R. 0:0(0) ack 1 win 0",
                "+0 > .F 1:1(0)"));
        ScriptEvent.Segment data = (ScriptEvent.Segment) s.events().get(0);
        assertEquals(HashSet.of(Flag.PSH, Flag.ACK), data.flags());
        assertEquals(1, data.seq());
        assertEquals(1000, data.length());
        assertEquals(Option.some(256L), data.window());
        assertEquals("P. 1:1001(1000) ack 1 win 256", data.describe());
        ScriptEvent.Segment fin = (ScriptEvent.Segment) s.events().get(1);
        assertEquals(Option.some(List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamp(100, 7),
                new TcpOption.Eol())), fin.options());
        assertEquals(4294967295L, ((ScriptEvent.Segment) s.events().get(2)).seq());
        assertEquals(HashSet.of(Flag.FIN, Flag.ACK), ((ScriptEvent.Segment) s.events().get(4)).flags());
    }

    @Test
    void commentsAnywhereAndBlankLines() {
        Script s = parsed("/* a\n multi-line\n comment */\n\n0 close(3) = 0 // trailing\n"
                + "+1 /* inline */ < R 1:1(0) win 0 /* after */\r\n// end");
        assertEquals(2, s.events().size());
        assertEquals(5, s.events().get(0).position().line());
        assertEquals(6, s.events().get(1).position().line());
    }

    @Test
    void aByteOrderMarkIsSkippedAndInvisibleCharactersAreShownEscaped() {
        assertEquals(1, parsed("\uFEFF0 close(3) = 0").events().size());
        ScriptError e = error("0 close(3)\u200b = 0");
        assertEquals("t.pkt:1:11: expected '=' and the expected result after close(...), found '\\u200b'",
                e.message());
    }

    // A script without events would pass on any target without checking anything: it is bad input.
    @Test
    void aScriptWithoutEventsIsAnError() {
        assertEquals("t.pkt:1:1: the script has no events (a socket call or a segment line)", error("").message());
        assertEquals("t.pkt:2:13: the script has no events (a socket call or a segment line)",
                error("// nothing\n/* at all */").message());
        assertTrue(error("--tolerance_usecs=10\n").detail().contains("no events"));
    }

    // Line ends: LF, CR LF and a lone CR all end a line, so the same events parse from each.
    @Test
    void everyLineEndConventionGivesTheSameEvents() {
        String lf = "// a comment\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n";
        Script expected = parsed(lf);
        assertEquals(2, expected.events().size());
        for (String eol : List.of("\r\n", "\r")) {
            Script s = parsed(lf.replace("\n", eol));
            assertEquals(expected.events(), s.events(), eol.length() + "-character line end");
        }
        // An error in a CR-only file names the line it is on.
        assertEquals(3, error("// x\r0 close(3) = 0\r+0 close(3) = 9x\r").position().line());
    }

    // Time goes forward: an absolute time before the previous event's (after relative steps too) is an error.
    @Test
    void timeGoingBackwardsIsAnError() {
        ScriptError e = error("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n5 close(3) = 0\n1 close(3) = 0\n");
        assertEquals("t.pkt:3:1: time goes backwards: 1 s is before the previous event's 5 s", e.message());
        assertTrue(error("1 close(3) = 0\n+2 close(3) = 0\n2.5 close(3) = 0\n").detail()
                .startsWith("time goes backwards"));
        // Equal times, '*' and relative steps from a later point are fine.
        assertEquals(4, parsed("1 close(3) = 0\n1 close(3) = 0\n* close(3) = 0\n+1 close(3) = 0\n").events()
                .size());
    }

    // Look-alike letters: a Cyrillic 'с' in 'close' is named with its code point instead of "unsupported call".
    @Test
    void aNonAsciiLetterInANameIsNamed() {
        ScriptError e = error("0 \u0441lose(3) = 0");
        assertEquals("t.pkt:1:3: non-ASCII letter '\u0441' (U+0441) in '\u0441lose': names are ASCII letters, "
                + "digits and '_'", e.message());
        assertTrue(error("0 socket(..., SOCK_STREAM, IPPR\u039fTO_TCP) = 3").detail().contains("U+039F"));
    }

    // Bytes that are not UTF-8: the decoder says so with the offset of the first bad byte.
    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirOffset() {
        assertEquals("not a UTF-8 text file (byte 2 starts a malformed sequence)",
                ScriptParser.decode(new byte[] {'0', ' ', (byte) 0xff, 'x'}).getLeft());
        assertTrue(ScriptParser.decode(new byte[] {'0', (byte) 0xc3}).getLeft().contains("not a UTF-8"));
        assertEquals("0 \u00e9", ScriptParser.decode("0 \u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .get());
    }

    // ---------------------------------------------------------------- errors: file, line, column

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("0 bind(3, ..., ...\n", "1:19", "expected ')' after the arguments of bind"),
                Arguments.of("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 `sysctl -q x=1", "2:4", "unclosed '`'"),
                Arguments.of("`echo hi`", "1:10", "the script has no events"),
                Arguments.of("%{ print(1) ", "1:1", "unclosed '%{'"),
                Arguments.of("0 < X 0:0(0)", "1:5", "unsupported flag 'X'"),
                Arguments.of("0 < SS 0:0(0)", "1:6", "flag 'S' written twice"),
                Arguments.of("0 < S 0:5(0)", "1:7", "spans 5 bytes but the length says (0)"),
                Arguments.of("0 < S. 0:0(0) <...>", "1:5", "'<...>' (options not checked) is for expected segments"),
                Arguments.of("0 > S 0:0(0) ack 1", "1:5", "'ack' given but the ACK flag"),
                Arguments.of("0 < S 0:0(0) win 70000", "1:18", "number too large"),
                Arguments.of("--tolerance_usecs=3600000001", "1:19", "expected a tolerance in microseconds"),
                Arguments.of("--tolerance_usecs=99999999999999999999999", "1:19", "expected a tolerance"),
                Arguments.of("0 < S 0:0(0) win 65536", "1:18", "at most 65535"),
                Arguments.of("0 close(99999999999999999999) = 0", "1:9", "number too large"),
                Arguments.of("0 < S 0:0(0) win 1 <mss 1000, foo>", "1:31", "unsupported TCP option 'foo'"),
                Arguments.of("0 < S 0:0(0) win 1 <mss 1000", "1:29", "expected '>' after the TCP options"),
                Arguments.of("0 < S 0:4294967296(0)", "1:9", "number too large"),
                Arguments.of("0 < S 0:0(0) urg 5 urg 6", "1:20", "'urg' written twice"),
                Arguments.of("0 < S 0:0(0) foo 5", "1:14", "unsupported segment field 'foo'"),
                Arguments.of("0 getsockopt(3, ..., ?) = 0", "1:22", "expected an argument of getsockopt"),
                Arguments.of("0 bind(3, ..., ...)", "1:20", "expected '=' and the expected result"),
                Arguments.of("0 bind(3, ..., ...) = 0 (ok", "1:25", "unclosed '('"),
                Arguments.of("0 connect(3, ..., ...) = -1 ENOPE", "1:29", "unknown errno 'ENOPE'"),
                Arguments.of("0 connect(3, ..., ...) = -1 5", "1:29", "expected an errno name"),
                Arguments.of("0 connect(3, ..., ...) = -2 EINVAL", "1:26", "a failing call returns -1"),
                Arguments.of("0 close(3, 4) = 0", "1:12", "close takes 1 argument"),
                Arguments.of("0 listen(3) = 0", "1:11", "listen takes 2 arguments"),
                Arguments.of("0 shutdown(3, SHUT_XX) = 0", "1:15", "expected SHUT_RD, SHUT_WR or SHUT_RDWR"),
                Arguments.of("0 setsockopt(3, SOL_SOCKET, SO_FOO, [1], 4 = 0", "1:44", "expected ')' after the arguments"),
                Arguments.of("0 setsockopt(3, IPPROTO_TCP, SO_LINGER, [1], 4) = 0", "1:17", "expected level SOL_SOCKET for SO_LINGER"),
                Arguments.of("0 setsockopt(3, SOL_SOCKET, SO_LINGER, [1], 8) = 0", "1:40", "expected {onoff=N, linger=N}"),
                Arguments.of("0 setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [1], 8) = 0", "1:48", "expected the option length 4"),
                Arguments.of("0 close(3) = 0 extra", "1:16", "expected the end of the line"),
                Arguments.of("0.1234567 close(3) = 0", "1:9", "at most six decimals"),
                Arguments.of("abc", "1:1", "expected a time"),
                Arguments.of("0", "1:2", "expected a socket call or a segment"),
                Arguments.of("0 ?", "1:3", "expected a socket call or a segment"),
                Arguments.of("* ...0.1 close(3) = 0", "1:3", "a time range cannot start at '*'"),
                Arguments.of("*...0.1 close(3) = 0", "1:2", "a time range cannot start at '*'"),
                Arguments.of("0.3...0.1 connect(3, ..., ...) = 0", "1:7", "the time range ends before it starts"),
                Arguments.of("0...0.1 < S 0:0(0)", "1:1", "only an expected segment ('>') takes a time range"),
                Arguments.of("0~0.1 < S 0:0(0)", "1:1", "only an expected segment ('>') takes a time range"),
                Arguments.of("0~0.1 close(3) = 0", "1:1", "a call's time range is written a...b"),
                Arguments.of("0 > S 0:0(0) <FO 123>", "1:18", "a Fast Open cookie is an even number"),
                Arguments.of("0 > [xx] S 0:0(0)", "1:6", "unknown IP marking 'xx'"),
                Arguments.of("/* never closed", "1:1", "unclosed comment"),
                Arguments.of("--mss=1000", "1:11", "the script has no events"),
                Arguments.of("--=1", "1:1", "expected an option name after '--'"),
                Arguments.of("0 close(3) = 0\n--tolerance_usecs=5", "2:1", "must come before the first event"),
                Arguments.of("0 < S 0:0(0)\n+0 > S. 0:0(0) ack 1 <mss 5> <nop>", "2:30", "options written twice")
        );
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedScriptsNameFileLineAndColumn(String text, String where, String detail) {
        ScriptError e = error(text.strip());
        assertEquals("t.pkt:" + where.strip(), e.position().file() + ":" + e.position().line() + ":"
                + e.position().column(), e.message());
        assertTrue(e.detail().contains(detail.strip()), e.message());
        assertTrue(e.message().startsWith("t.pkt:" + where.strip() + ": "), e.message());
    }
}
