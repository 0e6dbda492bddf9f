package io.github.tcpmodel.linux.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few libc calls a TUN device needs; every failing call raises {@link LastErrorException} with errno. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 0x2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    /** {@code _IOW('T', 202, int)}, from linux/if_tun.h. */
    long TUNSETIFF = 0x400454caL;
    short IFF_TUN = 0x0001;
    short IFF_NO_PI = 0x1000;
    int IFNAMSIZ = 16;
    /** {@code struct ifreq}: a 16-byte name and a 24-byte union whose first member here is the short flags. */
    int IFREQ_SIZE = 40;

    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    int EINTR = 4;
    int EAGAIN = 11;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    String strerror(int errnum);
}
