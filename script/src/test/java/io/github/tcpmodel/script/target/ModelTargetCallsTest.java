package io.github.tcpmodel.script.target;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tcpmodel.profile.Profile;
import io.github.tcpmodel.script.Failure;
import io.github.tcpmodel.script.Passed;
import io.github.tcpmodel.script.ScriptParser;
import io.github.tcpmodel.script.ScriptRunner;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

/**
 * The model target's sockets layer beyond the classic calls (poll, epoll, fcntl, getsockopt, ioctl, send flags) and
 * its judgement of the options a script line expects, each shown to pass and to fail.
 */
class ModelTargetCallsTest {

    private static final String ACCEPTED = String.join("\n",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "+0 bind(3, ..., ...) = 0",
            "+0 listen(3, 1) = 0",
            "+0 < S 0:0(0) win 65535 <mss 1460>",
            "+0 > S. 0:0(0) ack 1 <mss 1460>",
            "+.01 < . 1:1(0) ack 1 win 65535",
            "+0 accept(3, ..., ...) = 4", "");

    static Either<Failure, Passed> run(String text) {
        return ScriptRunner.run(ScriptParser.parse("t.pkt", text).get(),
                ModelTarget.onLink(Profile.linux(), ModelTarget.LINK_MTU));
    }

    static void passes(String text) {
        Either<Failure, Passed> r = run(text);
        assertTrue(r.isRight(), () -> r.getLeft().report());
    }

    private static void fails(String text, String why) {
        Either<Failure, Passed> r = run(text);
        assertTrue(r.isLeft(), "expected a failure: " + why);
        assertTrue(r.getLeft().report().contains(why), () -> r.getLeft().report());
    }

    // With SO_ZEROCOPY (set on the listener, inherited), a MSG_ZEROCOPY send's completion is due once the peer has
    // acknowledged all of it, and sets POLLERR: an edge for an edge-triggered registration, after which an
    // EPOLLONESHOT one stays silent until EPOLL_CTL_MOD re-arms it.
    @Test
    void aZeroCopyCompletionSetsPollErrOnceAcknowledged() {
        String zc = ACCEPTED.replace("+0 bind(", "+0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0\n+0 bind(")
                + String.join("\n",
                "+0 epoll_create(1) = 5",
                "+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLOUT|EPOLLET|EPOLLONESHOT, fd=4}) = 0",
                "+0 send(4, ..., 1000, MSG_ZEROCOPY) = 1000",
                "+0 > P. 1:1001(1000) ack 1", "");
        String acked = "+.01 < . 1:1(0) ack 1001 win 65535\n";
        passes(zc + "+0 epoll_wait(5, {events=EPOLLOUT, fd=4}, 1, 0) = 1\n" + acked
                + "+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0\n"
                + "+0 epoll_ctl(5, EPOLL_CTL_MOD, 4, {events=EPOLLOUT|EPOLLONESHOT, fd=4}) = 0\n"
                + "+0 epoll_wait(5, {events=EPOLLERR|EPOLLOUT, fd=4}, 1, 0) = 1\n"
                + "+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0\n");
        fails(zc + "+0 epoll_wait(5, {events=EPOLLERR|EPOLLOUT, fd=4}, 1, 0) = 1\n", "epoll_wait's events gave 4");
        passes(zc + acked + "+0 epoll_wait(5, {events=EPOLLERR|EPOLLOUT, fd=4}, 1, 0) = 1\n");
        // Without SO_ZEROCOPY, Linux ignores the flag: no completion.
        fails(zc.replace("+0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0\n", "") + acked
                + "+0 epoll_wait(5, {events=EPOLLERR|EPOLLOUT, fd=4}, 1, 0) = 1\n", "epoll_wait's events gave 4");
    }

    @Test
    void pollShowsTheStateOfTheConnectionAndWaitsUntilItsTimeout() {
        String before = String.join("\n", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
                "+0 connect(3, ..., ...) = -1 EINPROGRESS",
                "+0 > S 0:0(0) <...>", "");
        // SYN-SENT: no event; a poll with a timeout returns 0 when it ends.
        passes(before + "+0 poll([{fd=3, events=POLLIN|POLLOUT, revents=0}], 1, 0) = 0\n"
                + "+0...0.050 poll([{fd=3, events=POLLOUT, revents=0}], 1, 50) = 0\n");
        // The SYN,ACK makes the socket writable, and a waiting poll returns then.
        passes(before + "+0...0.020 poll([{fd=3, events=POLLOUT, revents=POLLOUT}], 1, 1000) = 1\n"
                + "+.02 < S. 0:0(0) ack 1 win 65535 <mss 1460>\n" + "+0 > . 1:1(0) ack 1\n");
        fails(before + "+.02 < S. 0:0(0) ack 1 win 65535 <mss 1460>\n" + "+0 > . 1:1(0) ack 1\n"
                + "+0 poll([{fd=3, events=POLLIN|POLLOUT, revents=POLLIN}], 1, 0) = 1\n", "revents");
        // The peer's FIN: readable, the receiving half shut.
        passes(ACCEPTED + "+.01 < F. 1:1(0) ack 1 win 65535\n" + "* > . 1:1(0) ack 2\n"
                + "+0 poll([{fd=4, events=POLLIN|POLLRDHUP, revents=POLLIN|POLLRDHUP}], 1, 0) = 1\n");
    }

    @Test
    void epollEdgeTriggeredReportsOnlyNewEvents() {
        String s = ACCEPTED + String.join("\n",
                "+0 epoll_create(1) = 5",
                "+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN|EPOLLET, fd=4}) = 0",
                "+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0",
                "+.01 < P. 1:101(100) ack 1 win 65535",
                "* > . 1:1(0) ack 101",
                "+0 epoll_wait(5, {events=EPOLLIN, fd=4}, 1, 0) = 1",
                "+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0", "");
        passes(s);
        // Level-triggered, the same registration reports the text on hand again.
        passes(s.replace("EPOLLIN|EPOLLET", "EPOLLIN").replace(
                "+0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0\n",
                "").replace("* > . 1:1(0) ack 101\n", "* > . 1:1(0) ack 101\n+0 epoll_wait(5, {events=EPOLLIN, fd=4}, "
                + "1, 0) = 1\n"));
        fails(s.replace("{events=EPOLLIN, fd=4}", "{events=EPOLLOUT, fd=4}"), "events");
    }

    @Test
    void aNonBlockingSocketAnswersEagainWhereItWouldWait() {
        passes(ACCEPTED + "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
                + "+0 read(4, ..., 10) = -1 EAGAIN\n"
                + "+0 recv(4, ..., 10, 0) = -1 EAGAIN\n"
                + "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
                + "+0 accept(3, ..., ...) = -1 EAGAIN\n");
        // MSG_DONTWAIT on a blocking socket.
        passes(ACCEPTED + "+0 recv(4, ..., 10, MSG_DONTWAIT) = -1 EAGAIN\n");
        fails(ACCEPTED + "+0 fcntl(4, F_GETFL) = 0x802\n", "fcntl = 2050");
    }

    @Test
    void getsockoptAndIoctlAnswerFromTheTcb() {
        passes(ACCEPTED + "+0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1460], [4]) = 0\n"
                + "+0 getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n"
                + "+0 ioctl(4, SIOCINQ, [0]) = 0\n"
                + "+.01 < P. 1:101(100) ack 1 win 65535\n" + "* > . 1:1(0) ack 101\n"
                + "+0 ioctl(4, SIOCINQ, [100]) = 0\n");
        fails(ACCEPTED + "+0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1000], [4]) = 0\n", "TCP_MAXSEG");
        fails(ACCEPTED + "+0 ioctl(4, SIOCINQ, [5]) = 0\n", "SIOCINQ");
    }

    @Test
    void aDelayedAckIsAllowedUpToHalfASecondAndNotBeyond() {
        String data = ACCEPTED + "+.01 < P. 1:101(100) ack 1 win 65535\n";
        passes(data + "+0 > . 1:1(0) ack 101\n");
        passes(data + "+.2 > . 1:1(0) ack 101\n");
        // Nothing asks for it: the model sends it before 0.5 s have passed (MUST-40).
        fails(data + "+.6 write(4, ..., 10) = 10\n", "unexpected . 1:1(0) ack 101");
        // Text sent meanwhile carries the acknowledgment.
        passes(data + "+.01 write(4, ..., 10) = 10\n" + "+0 > P. 1:11(10) ack 101\n");
    }

    // packetdrill's Python blocks read tcp_info; the model evaluates assertions on tcpi_state, of the socket of the
    // last call, and reports any other block as not applicable.
    @Test
    void aPythonBlockAssertingTcpiStateIsEvaluated() {
        passes(ACCEPTED + "+0 %{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%\n"
                + "+.01 < F. 1:1(0) ack 1 win 65535\n" + "* > . 1:1(0) ack 2\n"
                + "+0 %{ assert tcpi_state == TCP_CLOSE_WAIT }%\n"
                + "+0 listen(3, 1) = 0\n" + "+0 %{ assert tcpi_state == TCP_LISTEN }%\n");
        fails(ACCEPTED + "+0 %{ assert tcpi_state == TCP_CLOSE, tcpi_state }%\n", "tcpi_state is TCP_ESTABLISHED");
        Either<Failure, Passed> other = run(ACCEPTED + "+0 %{ assert tcpi_rtt > 0 }%\n");
        assertTrue(other.isRight() && other.get().notApplicable().exists(n -> n.contains("Python block")),
                () -> other.toString());
    }

    private static final String OPTIONS = String.join("\n",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "+0 bind(3, ..., ...) = 0",
            "+0 listen(3, 1) = 0",
            "+0 < S 0:0(0) win 32792 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>", "");

    @Test
    void optionsAreJudgedAsAReferenceJudgesAnImplementation() {
        String established = "+.01 < . 1:1(0) ack 1 win 257 <nop,nop,TS val 110 ecr 100>\n"
                + "+0 accept(3, ..., ...) = 4\n";
        // The shift (here 3, Linux's 7, 8 or 10) and the layout are the implementation's; TSval its clock.
        for (String synAck : new String[] {"<mss 1460,sackOK,TS val 100 ecr 100,nop,wscale 8>",
                "<mss 1460,sackOK,TS val 7 ecr 100,nop,wscale 3>", "<mss 1460,nop,wscale 7,sackOK,TS val 1 ecr 100>"}) {
            passes(OPTIONS + "+0 > S. 0:0(0) ack 1 " + synAck + "\n" + established);
        }
        // What the negotiation fixes: an offer the peer made is answered, an echo is exact, 14 is the largest shift.
        fails(OPTIONS + "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n", "options");
        fails(OPTIONS + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 99,nop,wscale 8>\n", "TS ecr");
        fails(OPTIONS + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 100,nop,wscale 15>\n", "above 14");
        fails(OPTIONS + "+0 > S. 0:0(0) ack 1 <mss 1400,sackOK,TS val 100 ecr 100,nop,wscale 8>\n", "mss");
        // The adopted shift scales the windows the model advertises: 64240 >> 3 = 8030 (RFC 7323 §2.3).
        String adopted = OPTIONS + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 7 ecr 100,nop,wscale 3>\n"
                + established + "+0 write(4, ..., 10) = 10\n";
        Either<Failure, Passed> r = run(adopted + "+0 > P. 1:11(10) ack 1 win 8030 <nop,nop,TS val 1 ecr 110>\n");
        assertTrue(r.isRight(), () -> r.getLeft().report());
    }
}
