package io.github.tcpmodel.pcap;

import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Streams the IP packets (IPv4 and IPv6) of a pcap or pcapng capture. Not thread-safe; one reader per file.
 *
 * <p>{@link #next()} answers the next IP packet, none at the clean end of the file, or an error; after an
 * error or the end it keeps answering the same. Records that carry no IP packet (ARP, LLDP, ...) are counted in
 * {@link #skipped()}.
 *
 * <p>{@link #advance()} is the same stream without an object per packet: each record is read into one buffer that
 * the reader reuses, the link-layer header is dropped in place, and the packet's fields are read from the reader
 * ({@link #packetBytes()}, {@link #packetTime()}, ...) until the next call. A pcap file is read with no allocation
 * per record; a pcapng block is read into a reused buffer too, with a small view object per block.
 */
public final class CaptureReader implements AutoCloseable {

    /** Larger records or blocks than this are taken as corruption, not as packets. */
    static final int MAX_RECORD = 16 << 20;

    private static final int PCAP_US = 0xa1b2c3d4;
    private static final int PCAP_NS = 0xa1b23c4d;
    private static final int PCAPNG_SHB = 0x0a0d0d0a;
    private static final int PCAPNG_BOM = 0x1a2b3c4d;

    private final Input in;
    private final boolean pcapng;
    private ByteOrder order;
    // pcap only
    private final boolean nanos;
    private final int pcapLinkType;
    // pcapng only: the interfaces of the current section
    private final List<Interface> interfaces = new ArrayList<>();

    private long frame;
    private long skipped;

    /** What a step of the record loop produced. */
    private static final int PACKET = 1;
    private static final int SKIP = 0;
    private static final int END = -1;
    private static final int ERROR = -2;

    /** The current packet: its IP header at offset 0 of {@link #buf}, once the link-layer header is dropped. */
    private byte[] buf = new byte[2048];
    private int ipLength;
    private long packetTime;
    private int packetLinkType;
    private int packetOriginal;
    private int packetLinkHeader;
    private int packetInterface;
    private final byte[] recordHeader = new byte[16];
    /** A pcapng block's body, reused, and a view of it in the section's byte order. */
    private byte[] block = new byte[2048];
    private ByteBuffer blockView = ByteBuffer.wrap(block);
    private boolean ended;
    private CaptureError error;

    private record Interface(int linkType, long snapLength, boolean binaryResolution, int resolution) {
    }

    private CaptureReader(Input in, boolean pcapng, ByteOrder order, boolean nanos, int pcapLinkType) {
        this.in = in;
        this.pcapng = pcapng;
        this.order = order;
        this.nanos = nanos;
        this.pcapLinkType = pcapLinkType;
    }

    /**
     * Opens the capture in {@code file}.
     *
     * @param file a pcap or pcapng file
     * @return a reader positioned at the first packet, or why the file cannot be read as a capture
     */
    public static Either<CaptureError, CaptureReader> open(Path file) {
        Objects.requireNonNull(file, "file is null");
        try {
            return open(Files.newInputStream(file));
        } catch (IOException e) {
            return Either.left(new CaptureError(CaptureError.Kind.IO, 0, file + ": " + describe(e)));
        }
    }

    /**
     * Reads the capture's file header from {@code stream}; the reader owns the stream from then on.
     *
     * @param stream the bytes of a pcap or pcapng capture, from its first byte
     * @return a reader positioned at the first packet, or why the stream cannot be read as a capture
     */
    public static Either<CaptureError, CaptureReader> open(InputStream stream) {
        Objects.requireNonNull(stream, "stream is null");
        Input in = new Input(new BufferedInputStream(stream, 1 << 16));
        byte[] magic = new byte[4];
        Either<CaptureError, Boolean> got = in.read(magic, 4, "file header");
        if (got.isLeft() || !got.get()) {
            in.close();
            return Either.left(new CaptureError(CaptureError.Kind.NOT_A_CAPTURE, 0,
                    got.isLeft() ? got.getLeft().detail() : "the file has fewer than 4 bytes"));
        }
        int be = ByteBuffer.wrap(magic).order(ByteOrder.BIG_ENDIAN).getInt();
        int le = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (be == PCAPNG_SHB) {
            CaptureReader r = new CaptureReader(in, true, ByteOrder.BIG_ENDIAN, false, 0);
            Either<CaptureError, Boolean> shb = r.readSectionHeader(0);
            if (shb.isLeft()) {
                in.close();
                return Either.left(shb.getLeft());
            }
            return Either.right(r);
        }
        ByteOrder order;
        boolean ns;
        if (be == PCAP_US || be == PCAP_NS) {
            order = ByteOrder.BIG_ENDIAN;
            ns = be == PCAP_NS;
        } else if (le == PCAP_US || le == PCAP_NS) {
            order = ByteOrder.LITTLE_ENDIAN;
            ns = le == PCAP_NS;
        } else {
            in.close();
            return Either.left(new CaptureError(CaptureError.Kind.NOT_A_CAPTURE, 0,
                    String.format("the file starts with %02x %02x %02x %02x",
                            magic[0] & 0xff, magic[1] & 0xff, magic[2] & 0xff, magic[3] & 0xff)));
        }
        byte[] rest = new byte[20];
        Either<CaptureError, Boolean> h = in.read(rest, 20, "pcap file header");
        if (h.isLeft() || !h.get()) {
            in.close();
            return Either.left(h.isLeft() ? h.getLeft()
                    : new CaptureError(CaptureError.Kind.TRUNCATED, in.offset, "pcap file header"));
        }
        ByteBuffer b = ByteBuffer.wrap(rest).order(order);
        int major = b.getShort(0) & 0xffff;
        if (major != 2) {
            in.close();
            return Either.left(new CaptureError(CaptureError.Kind.MALFORMED, 4, "pcap version " + major + " (not 2)"));
        }
        int linkType = b.getInt(16) & 0xffff;  // the upper bits carry FCS information
        if (!LinkType.supported(linkType)) {
            in.close();
            return Either.left(new CaptureError(CaptureError.Kind.UNSUPPORTED_LINK_TYPE, 20,
                    Integer.toString(linkType)));
        }
        return Either.right(new CaptureReader(in, false, order, ns, linkType));
    }

    /**
     * The capture's format.
     *
     * @return "pcap" or "pcapng"
     */
    public String format() {
        return pcapng ? "pcapng" : "pcap";
    }

    /**
     * How many packet records carried no IP packet so far.
     *
     * @return the number of records skipped
     */
    public long skipped() {
        return skipped;
    }

    /**
     * How many packet records were read so far, IP or not.
     *
     * @return the number of records read
     */
    public long frames() {
        return frame;
    }

    /**
     * The next IP packet.
     *
     * @return the packet; none at the clean end of the capture; an error when it cannot be read further
     */
    public Either<CaptureError, Option<CapturedPacket>> next() {
        if (advance()) {
            return Either.right(Option.some(packet()));
        }
        return error == null ? Either.right(Option.none()) : Either.left(error);
    }

    /**
     * Moves to the next IP packet, reusing the reader's buffer: its fields are then read with {@link #packetBytes()}
     * and the other {@code packet...} methods, until the next call.
     *
     * @return true at a packet; false at the clean end of the capture or when it cannot be read further ({@link
     *         #error()} says which), and from then on
     */
    public boolean advance() {
        while (!ended) {
            int r = pcapng ? nextBlock() : nextRecord();
            if (r == PACKET) {
                return true;
            }
            if (r != SKIP) {
                ended = true;
                in.close();
            }
        }
        return false;
    }

    /**
     * Why the capture could not be read further, once {@link #advance()} has answered false; none at a clean end.
     *
     * @return the error, if any
     */
    public Option<CaptureError> error() {
        return Option.of(error);
    }

    /**
     * The current packet's bytes from its IP header on: the first {@link #packetLength()} are the packet. The array
     * is the reader's own and is overwritten by the next {@link #advance()}.
     *
     * @return the reader's buffer
     */
    public byte[] packetBytes() {
        return buf;
    }

    /**
     * The current packet's captured length, from its IP header on.
     *
     * @return octets of {@link #packetBytes()} that are the packet
     */
    public int packetLength() {
        return ipLength;
    }

    /**
     * The current packet's frame number (see {@link CapturedPacket#frame()}).
     *
     * @return 1 for the file's first packet record
     */
    public long packetFrame() {
        return frame;
    }

    /**
     * The current packet's capture time.
     *
     * @return ns since the Unix epoch, 0 where the format gives none
     */
    public long packetTime() {
        return packetTime;
    }

    /**
     * The current packet's IP length on the wire (see {@link CapturedPacket#ipOriginalLength()}).
     *
     * @return the record's original length less the link-layer header, at least the captured length
     */
    public int packetIpOriginalLength() {
        return Math.max(ipLength, packetOriginal - packetLinkHeader);
    }

    /**
     * The current packet as an object of its own (a copy of its bytes).
     *
     * @return the packet {@link #next()} would have answered
     */
    public CapturedPacket packet() {
        return new CapturedPacket(frame, packetTime, packetLinkType, Arrays.copyOf(buf, ipLength), packetOriginal,
                packetLinkHeader, packetInterface);
    }

    private int fail(CaptureError e) {
        error = e;
        return ERROR;
    }

    @Override
    public void close() {
        in.close();
    }

    // ---- pcap: a 16-byte record header, then the captured bytes ----

    private int nextRecord() {
        long at = in.offset;
        int h = in.readInto(recordHeader, 16, "record header");
        if (h < 0) {
            return fail(in.error);
        }
        if (h == 0) {
            return END;
        }
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        long seconds = u32(recordHeader, 0, little);
        long fraction = u32(recordHeader, 4, little);
        long captured = u32(recordHeader, 8, little);
        long original = u32(recordHeader, 12, little);
        if (captured > MAX_RECORD) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at + 8,
                    "record length " + captured + " exceeds " + MAX_RECORD));
        }
        int n = (int) captured;
        if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
        int d = in.readInto(buf, n, "record data");
        if (d < 0) {
            return fail(in.error);
        }
        if (d == 0 && n > 0) {
            return fail(new CaptureError(CaptureError.Kind.TRUNCATED, in.offset, "record data"));
        }
        frame++;
        long ts = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        return place(pcapLinkType, n, ts, original);
    }

    private static long u32(byte[] b, int at, boolean little) {
        long v = little
                ? (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24
                : (b[at + 3] & 0xffL) | (b[at + 2] & 0xffL) << 8 | (b[at + 1] & 0xffL) << 16 | (b[at] & 0xffL) << 24;
        return v;
    }

    /**
     * Makes the frame of {@code length} octets at the start of {@link #buf} the current packet: its link-layer
     * header dropped in place. {@link #SKIP} when it carries no IP packet.
     */
    private int place(int linkType, int length, long ts, long original) {
        int off = LinkType.ipAt(linkType, buf, length);
        if (off < 0) {
            skipped++;
            return SKIP;
        }
        packetInterface = LinkType.interfaceIndex(linkType, buf, length);
        if (off > 0) {
            System.arraycopy(buf, off, buf, 0, length - off);
        }
        ipLength = length - off;
        packetTime = ts;
        packetLinkType = linkType;
        packetOriginal = (int) Math.min(original, Integer.MAX_VALUE);
        packetLinkHeader = off;
        return PACKET;
    }

    // ---- pcapng: typed blocks; sections, interfaces, and packet blocks ----

    private Either<CaptureError, Boolean> readSectionHeader(long at) {
        // The block type (already read) is palindromic; the byte-order magic decides the section's order.
        byte[] lengthAndBom = new byte[8];
        Either<CaptureError, Boolean> r = in.read(lengthAndBom, 8, "section header block");
        if (r.isLeft() || !r.get()) {
            return Either.left(r.isLeft() ? r.getLeft()
                    : new CaptureError(CaptureError.Kind.TRUNCATED, in.offset, "section header block"));
        }
        int bomBe = ByteBuffer.wrap(lengthAndBom, 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        if (bomBe == PCAPNG_BOM) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(bomBe) == PCAPNG_BOM) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            return Either.left(new CaptureError(CaptureError.Kind.MALFORMED, at + 8,
                    "section header byte-order magic " + Integer.toHexString(bomBe)));
        }
        long length = ByteBuffer.wrap(lengthAndBom, 0, 4).order(order).getInt() & 0xffffffffL;
        int body = blockBody(at, length, 12);
        if (body < 0) {
            return Either.left(error);
        }
        if (body < 12) {
            return Either.left(new CaptureError(CaptureError.Kind.MALFORMED, at + 4,
                    "section header block length " + length + " (at least 28)"));
        }
        // The pcapng format (draft-ietf-opsawg-pcapng §4.1): a reader must not read a section whose major version
        // it does not know, since its block layout may differ; major version 1 is the only one defined.
        int major = ByteBuffer.wrap(block, 0, 2).order(order).getShort() & 0xffff;
        int minor = ByteBuffer.wrap(block, 2, 2).order(order).getShort() & 0xffff;
        if (major != 1) {
            return Either.left(new CaptureError(CaptureError.Kind.MALFORMED, at + 12, "pcapng section version "
                    + major + "." + minor + " (only major version 1 is defined; this section cannot be read)"));
        }
        interfaces.clear();
        return Either.right(true);
    }

    /**
     * Reads the rest of a block whose total length is {@code length} and of which {@code consumed} bytes were
     * read into {@link #block}, checks the trailing length, and answers the length of the body between the fixed
     * header and the trailer (at the start of {@link #block}), or -1 with {@link #error} set.
     */
    private int blockBody(long at, long length, int consumed) {
        if (length < 12 || length % 4 != 0 || length > MAX_RECORD || length < consumed + 4) {
            fail(new CaptureError(CaptureError.Kind.MALFORMED, at + 4, "block length " + length));
            return -1;
        }
        int n = (int) length - consumed;
        if (block.length < n) {
            block = new byte[Math.max(n, block.length * 2)];
            blockView = ByteBuffer.wrap(block);
        }
        int r = in.readInto(block, n, "block");
        if (r < 0) {
            fail(in.error);
            return -1;
        }
        if (r == 0) {
            fail(new CaptureError(CaptureError.Kind.TRUNCATED, in.offset, "block at byte " + at));
            return -1;
        }
        long trailer = u32(block, n - 4, order == ByteOrder.LITTLE_ENDIAN);
        if (trailer != length) {
            fail(new CaptureError(CaptureError.Kind.MALFORMED, at + length - 4,
                    "block trailer length " + trailer + " differs from " + length));
            return -1;
        }
        return n - 4;
    }

    private int nextBlock() {
        long at = in.offset;
        int h = in.readInto(recordHeader, 8, "block header");
        if (h < 0) {
            return fail(in.error);
        }
        if (h == 0) {
            return END;
        }
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        int type = (int) u32(recordHeader, 0, little);
        if (type == PCAPNG_SHB) {
            // A new section: re-read its length in the new section's byte order.
            in.unread(4);
            Either<CaptureError, Boolean> s = readSectionHeader(at);
            return s.isLeft() ? fail(s.getLeft()) : SKIP;
        }
        long length = u32(recordHeader, 4, little);
        int body = blockBody(at, length, 8);
        if (body < 0) {
            return ERROR;
        }
        ByteBuffer b = blockView;
        b.clear().limit(body);
        b.order(order);
        switch (type) {
            case 1:
                return interfaceBlock(at, b);
            case 6:
                return enhancedPacket(at, b);
            case 3:
                return simplePacket(at, b);
            case 2:
                return obsoletePacket(at, b);
            default:
                return SKIP;  // name resolution, statistics, custom: skipped
        }
    }

    private int interfaceBlock(long at, ByteBuffer b) {
        if (b.remaining() < 8) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at, "interface block too short"));
        }
        int linkType = b.getShort(0) & 0xffff;
        long snap = b.getInt(4) & 0xffffffffL;
        boolean binary = false;
        int resolution = 6;
        int p = 8;
        while (p + 4 <= b.limit()) {
            int code = b.getShort(p) & 0xffff;
            int len = b.getShort(p + 2) & 0xffff;
            if (code == 0 || p + 4 + len > b.limit()) {
                break;
            }
            if (code == 9 && len >= 1) {  // if_tsresol
                int v = b.get(p + 4) & 0xff;
                binary = (v & 0x80) != 0;
                resolution = v & 0x7f;
            }
            p += 4 + ((len + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, snap, binary, resolution));
        return SKIP;
    }

    private int enhancedPacket(long at, ByteBuffer b) {
        if (b.remaining() < 20) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at, "enhanced packet block too short"));
        }
        long id = b.getInt(0) & 0xffffffffL;
        long ts = ((b.getInt(4) & 0xffffffffL) << 32) | (b.getInt(8) & 0xffffffffL);
        long captured = b.getInt(12) & 0xffffffffL;
        long original = b.getInt(16) & 0xffffffffL;
        return packetBlock(at, id, ts, captured, original, b, 20);
    }

    private int obsoletePacket(long at, ByteBuffer b) {
        if (b.remaining() < 20) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at, "packet block too short"));
        }
        long id = b.getShort(0) & 0xffff;
        long ts = ((b.getInt(4) & 0xffffffffL) << 32) | (b.getInt(8) & 0xffffffffL);
        long captured = b.getInt(12) & 0xffffffffL;
        long original = b.getInt(16) & 0xffffffffL;
        return packetBlock(at, id, ts, captured, original, b, 20);
    }

    private int simplePacket(long at, ByteBuffer b) {
        if (b.remaining() < 4 || interfaces.isEmpty()) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at,
                    interfaces.isEmpty() ? "simple packet block before any interface" : "simple packet too short"));
        }
        long original = b.getInt(0) & 0xffffffffL;
        Interface i = interfaces.get(0);
        long captured = Math.min(original, i.snapLength == 0 ? Long.MAX_VALUE : i.snapLength);
        captured = Math.min(captured, b.limit() - 4L);
        return packetBlock(at, 0, -1, captured, original, b, 4);
    }

    private int packetBlock(long at, long id, long ts,
            long captured, long original, ByteBuffer b, int dataAt) {
        if (id >= interfaces.size()) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at,
                    "packet on interface " + id + ", but only " + interfaces.size() + " described"));
        }
        if (captured > b.limit() - dataAt) {
            return fail(new CaptureError(CaptureError.Kind.MALFORMED, at,
                    "captured length " + captured + " exceeds the block"));
        }
        Interface i = interfaces.get((int) id);
        if (!LinkType.supported(i.linkType)) {
            return fail(new CaptureError(CaptureError.Kind.UNSUPPORTED_LINK_TYPE, at,
                    Integer.toString(i.linkType)));
        }
        frame++;
        int n = (int) captured;
        if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
        System.arraycopy(block, dataAt, buf, 0, n);
        long nanosTs = ts < 0 ? 0 : toNanos(ts, i);
        return place(i.linkType, n, nanosTs, original);
    }

    private static long toNanos(long units, Interface i) {
        BigInteger u = new BigInteger(Long.toUnsignedString(units));
        BigInteger n;
        if (i.binaryResolution) {
            n = u.multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(i.resolution);
        } else if (i.resolution <= 9) {
            n = u.multiply(BigInteger.TEN.pow(9 - i.resolution));
        } else {
            n = u.divide(BigInteger.TEN.pow(i.resolution - 9));
        }
        return n.bitLength() < 63 ? n.longValue() : Long.MAX_VALUE;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A stream with a byte offset and a small push-back. */
    private static final class Input {
        private final InputStream in;
        private final byte[] pushedBack = new byte[4];
        private int pushed;
        private byte[] last4 = new byte[4];
        long offset;

        Input(InputStream in) {
            this.in = in;
        }

        /**
         * Reads exactly {@code n} bytes into {@code into}. Right(true) when read, Right(false) at a clean end
         * (no byte available), Left on a partial read or an I/O error.
         */
        Either<CaptureError, Boolean> read(byte[] into, int n, String what) {
            int r = readInto(into, n, what);
            return r < 0 ? Either.left(error) : Either.right(r > 0);
        }

        /** Why the last {@link #readInto} answered -1. */
        CaptureError error;

        /**
         * Reads exactly {@code n} bytes into {@code into}: 1 when read, 0 at a clean end (no byte available), -1 on
         * a partial read or an I/O error ({@link #error} says which).
         */
        int readInto(byte[] into, int n, String what) {
            int got = 0;
            while (got < n && pushed > 0) {
                into[got++] = pushedBack[pushedBack.length - pushed--];
            }
            try {
                while (got < n) {
                    int r = in.read(into, got, n - got);
                    if (r < 0) {
                        break;
                    }
                    got += r;
                }
            } catch (IOException e) {
                error = new CaptureError(CaptureError.Kind.IO, offset + got, describe(e));
                return -1;
            }
            long start = offset;
            offset += got;
            if (got >= 4) {
                System.arraycopy(into, got - 4, last4, 0, 4);
            }
            if (got == n) {
                return 1;
            }
            if (got == 0) {
                return 0;
            }
            error = new CaptureError(CaptureError.Kind.TRUNCATED, start + got, what);
            return -1;
        }

        /** Pushes back the last {@code n} (at most 4) bytes read. */
        void unread(int n) {
            System.arraycopy(last4, 4 - n, pushedBack, pushedBack.length - n, n);
            pushed = n;
            offset -= n;
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to recover: the reader is finished either way
            }
        }
    }
}
