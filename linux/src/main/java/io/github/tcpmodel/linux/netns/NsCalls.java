package io.github.tcpmodel.linux.netns;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The libc calls that move a thread into a network namespace. */
interface NsCalls extends Library {
    NsCalls INSTANCE = Native.load("c", NsCalls.class);

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int gettid();

    String strerror(int errnum);
}
