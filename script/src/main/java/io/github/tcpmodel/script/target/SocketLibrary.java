package io.github.tcpmodel.script.target;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The socket calls of the C library, so that the kernel target makes each call a script writes, as written, and
 * reports the errno the kernel gives (a failing call raises {@link LastErrorException} with it). Constants are
 * Linux's (x86-64 and arm64 agree on these).
 */
interface SocketLibrary extends Library {
    SocketLibrary C = Native.load("c", SocketLibrary.class);

    int AF_INET = 2;
    int SOCK_STREAM = 1;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept(int fd, Pointer addr, Pointer len) throws LastErrorException;

    int connect(int fd, byte[] addr, int len) throws LastErrorException;

    NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong send(int fd, Pointer buf, NativeLong count, int flags) throws LastErrorException;

    NativeLong sendto(int fd, Pointer buf, NativeLong count, int flags, byte[] addr, int len)
            throws LastErrorException;

    NativeLong recv(int fd, Pointer buf, NativeLong count, int flags) throws LastErrorException;

    NativeLong sendmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    NativeLong recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    int getsockopt(int fd, int level, int name, byte[] value, int[] len) throws LastErrorException;

    int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    int getpeername(int fd, byte[] addr, int[] len) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int poll(byte[] fds, NativeLong nfds, int timeout) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    NativeLong sendfile(int outFd, int inFd, long[] offset, NativeLong count) throws LastErrorException;

    /** The calling thread's kernel task id (glibc 2.30 and later): its {@code /proc/self/task} entry. */
    int gettid();
}
