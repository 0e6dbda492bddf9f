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
    /** Each packet read or written is preceded by a {@code struct virtio_net_hdr} (linux/if_tun.h). */
    short IFF_VNET_HDR = 0x4000;
    /** {@code _IOW('T', 208, unsigned int)}: the offloads this side can take (TUN_F_*), passed by value. */
    long TUNSETOFFLOAD = 0x400454d0L;
    /** {@code _IOW('T', 216, int)}: the size of the virtio header before each packet. */
    long TUNSETVNETHDRSZ = 0x400454d8L;
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

    /** The form of ioctl(2) whose argument is a value, not a pointer (TUNSETOFFLOAD). */
    int ioctl(int fd, NativeLong request, NativeLong arg) throws LastErrorException;

    NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    String strerror(int errnum);
}
