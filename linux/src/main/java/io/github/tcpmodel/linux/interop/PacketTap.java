package io.github.tcpmodel.linux.interop;

/** Sees every packet that crosses the TUN device, on the driver's thread; must not keep or change the arrays. */
public interface PacketTap {

    /** A packet the engine wrote to the device, just after the kernel took it. */
    void toKernel(byte[] packet);

    /** A packet read from the device, before any impairment. */
    void fromKernel(byte[] packet);
}
