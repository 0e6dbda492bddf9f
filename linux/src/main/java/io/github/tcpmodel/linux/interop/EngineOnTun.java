package io.github.tcpmodel.linux.interop;

import io.github.tcpmodel.engine.clock.Clock;
import io.github.tcpmodel.engine.codec.Addresses;
import io.github.tcpmodel.engine.codec.Ipv6Addresses;
import io.github.tcpmodel.engine.connection.ConnectionConfig;
import io.github.tcpmodel.engine.connection.TcpStack;
import io.github.tcpmodel.linux.netns.NetNamespace;
import io.github.tcpmodel.linux.netns.Prerequisites;
import io.github.tcpmodel.pcap.PcapWriter;
import io.github.tcpmodel.linux.tun.TunDevice;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One engine facing the kernel of a fresh network namespace: the namespace (kernel address {@link #KERNEL}/24 on a
 * TUN device, and for an IPv6 engine {@link #KERNEL6}/64 as well), a {@link TunLink} with a pcap of every packet, a
 * {@link TcpStack} on {@link #ENGINE} (or {@link #ENGINE6}) and the {@link EngineDriver} that runs it.
 * {@link #close()} stops the driver and deletes the namespace with its device and sockets.
 */
public final class EngineOnTun implements AutoCloseable {

    /** The kernel's address in the namespace. */
    public static final String KERNEL = "10.77.0.1";
    /** The engine's address, on the far side of the TUN device. */
    public static final String ENGINE = "10.77.0.2";
    /** The kernel's IPv6 address in the namespace (a unique local address, RFC 4193). */
    public static final String KERNEL6 = "fd77::1";
    /** The engine's IPv6 address, on the far side of the TUN device. */
    public static final String ENGINE6 = "fd77::2";

    private final NetNamespace ns;
    private final TunDevice tun;
    private final TunLink link;
    private final Option<PcapWriter> pcap;
    private final EngineDriver driver;
    /** The handles of IPv6 addresses of an IPv6 engine; none for IPv4. */
    private final Option<Ipv6Addresses> ipv6;

    private EngineOnTun(NetNamespace ns, TunDevice tun, TunLink link, Option<PcapWriter> pcap, EngineDriver driver,
                        Option<Ipv6Addresses> ipv6) {
        this.ipv6 = ipv6;
        this.ns = ns;
        this.tun = tun;
        this.link = link;
        this.pcap = pcap;
        this.driver = driver;
    }

    /** Why this machine cannot run the engine against the kernel, or none if it can. */
    public static Option<String> missing() {
        return Prerequisites.missingForTun();
    }

    /**
     * Creates the namespace and the engine: connections configured by {@code config}, each direction impaired as
     * given (random choices seeded by {@code seed}), every packet written to {@code pcapFile} if present.
     */
    public static Either<String, EngineOnTun> open(String name, ConnectionConfig config, TunImpairments toEngine,
                                                   TunImpairments toKernel, long seed, Option<Path> pcapFile) {
        return open(name, config, toEngine, toKernel, seed, pcapFile, false);
    }

    /**
     * As {@link #open(String, ConnectionConfig, TunImpairments, TunImpairments, long, Option)}; with {@code ipv6} the
     * engine runs on IPv6 ({@link #ENGINE6}, the kernel at {@link #KERNEL6}; RFC 8200).
     */
    public static Either<String, EngineOnTun> open(String name, ConnectionConfig config, TunImpairments toEngine,
                                                   TunImpairments toKernel, long seed, Option<Path> pcapFile,
                                                   boolean ipv6) {
        return open(name, config, toEngine, toKernel, seed, pcapFile, ipv6, false);
    }

    /**
     * As {@link #open(String, ConnectionConfig, TunImpairments, TunImpairments, long, Option, boolean)}; with {@code
     * vnetHeader} the device is opened with {@code IFF_VNET_HDR} and {@link TunDevice#TYPICAL_OFFLOADS}, so that the
     * kernel hands the engine TSO super-segments of up to 64 KiB whatever the device's MTU, their TCP checksum left
     * partial (the {@link TunLink} completes it): one read and one segment for the engine where the wire would carry
     * up to 44 Ethernet-sized ones, as GRO gives a host's own TCP. IPv4 only.
     */
    public static Either<String, EngineOnTun> open(String name, ConnectionConfig config, TunImpairments toEngine,
                                                   TunImpairments toKernel, long seed, Option<Path> pcapFile,
                                                   boolean ipv6, boolean vnetHeader) {
        Objects.requireNonNull(config, "config is null");
        if (ipv6 && vnetHeader) {
            return Either.left("the engine takes TSO super-segments over IPv4 only");
        }
        Option<String> missing = missing();
        if (missing.isDefined()) {
            return Either.left(missing.get());
        }
        Either<String, NetNamespace> created = NetNamespace.create().mapLeft(String::valueOf);
        if (created.isLeft()) {
            return Either.left(created.getLeft());
        }
        NetNamespace ns = created.get();
        try {
            Either<String, TunDevice> tun = (vnetHeader ? ns.openTun(KERNEL + "/24", TunDevice.TYPICAL_OFFLOADS)
                    : ns.openTun(KERNEL + "/24", ipv6 ? Option.some(KERNEL6 + "/64") : Option.none()))
                    .mapLeft(String::valueOf);
            if (tun.isLeft()) {
                ns.close();
                return Either.left(tun.getLeft());
            }
            Clock wall = System::currentTimeMillis;
            Option<PcapWriter> pcap = pcapFile.map(f -> PcapWriter.create(f, wall::nowMillis));
            TunLink link = new TunLink(tun.get(), toEngine, toKernel, seed, pcap);
            Option<Ipv6Addresses> table = ipv6 ? Option.some(new Ipv6Addresses()) : Option.none();
            TcpStack stack = table.isDefined()
                    ? TcpStack.ipv6(Clock.system(), link, table.get(), ENGINE6, config, seed)
                    : new TcpStack(Clock.system(), link, Addresses.parse(ENGINE), config, seed);
            EngineDriver driver = new EngineDriver(name, stack, link);
            return Either.right(new EngineOnTun(ns, tun.get(), link, pcap, driver, table));
        } catch (RuntimeException e) {
            ns.close();
            return Either.left("cannot set up the engine on a TUN device: " + e);
        }
    }

    /** The namespace (kernel sockets, {@code ss}, sysctls). */
    public NetNamespace ns() {
        return ns;
    }

    /** The device. */
    public TunDevice tun() {
        return tun;
    }

    /** The link between the device and the engine. */
    public TunLink link() {
        return link;
    }

    /** The engine's driver. */
    public EngineDriver driver() {
        return driver;
    }

    /** The engine's address as an int. */
    public static int engineAddress() {
        return Addresses.parse(ENGINE);
    }

    /** The kernel's address as an int. */
    public static int kernelAddress() {
        return Addresses.parse(KERNEL);
    }

    /** Whether the engine runs on IPv6. */
    public boolean ipv6() {
        return ipv6.isDefined();
    }

    /** The kernel's address as the engine holds it: the IPv4 address, or the handle of {@link #KERNEL6}. */
    public int kernel() {
        return ipv6.map(t -> t.handle(KERNEL6)).getOrElse(EngineOnTun::kernelAddress);
    }

    /** The kernel's address as text, of the engine's family. */
    public String kernelText() {
        return ipv6.isDefined() ? KERNEL6 : KERNEL;
    }

    /** The engine's address as text, of the engine's family. */
    public String engineText() {
        return ipv6.isDefined() ? ENGINE6 : ENGINE;
    }

    /** Stops the engine, closes the pcap, deletes the namespace (device and kernel sockets with it). */
    @Override
    public void close() {
        try {
            driver.close();
            link.close();
            pcap.forEach(PcapWriter::close);
        } finally {
            ns.close();
        }
    }
}
