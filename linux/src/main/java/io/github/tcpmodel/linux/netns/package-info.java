/**
 * A test harness of Linux network namespaces: a fresh, uniquely named namespace per test, a TUN device and the
 * kernel's sockets inside it, the kernel's TCP states read at checkpoints, and packet captures; everything is
 * removed afterwards, also when the test fails or the JVM is interrupted.
 *
 * <p>One JVM holds both sides of a connection: {@link io.github.tcpmodel.linux.netns.NetNamespace} keeps a
 * platform thread that entered the namespace with {@code setns(2)}, and kernel sockets created on that thread
 * belong to the namespace for their whole life, whatever thread uses them later. No packet the harness causes can
 * leave the namespace: the only interfaces in it are its loopback and the TUN device, whose other end is this JVM.
 *
 * <p>Namespaces are named {@code tcpm-<pid>-<counter>}; those of processes that no longer exist (killed before
 * their shutdown hook ran) are swept away when the first namespace of a JVM is created. Without root, inside
 * {@code unshare -rn}, the namespace is anonymous (made with {@code unshare(CLONE_NEWNET)} on the thread) and dies
 * with it.
 */
package io.github.tcpmodel.linux.netns;
