package io.github.tcpmodel.segment;

import io.github.tcpmodel.option.SegmentOption;
import io.github.tcpmodel.seq.SeqNum;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * One TCP segment in RFC 9293 vocabulary: {@code SEG.SEQ}, {@code SEG.ACK}, the control bits, {@code SEG.WND},
 * {@code SEG.UP}, the payload (its length always, its bytes when the caller has them), the option list in the order
 * it was sent (RFC 9293 §3.1) and the ECN bits (RFC 3168 §6.1).
 *
 * <p>{@code SEG.ACK} is meaningful only with the ACK bit; segments without it carry {@link SeqNum#ZERO} there, and
 * equality therefore ignores nothing. Build with {@link #of}, then the {@code with} methods; {@link #checked}
 * validates untrusted field values and returns an error message instead of throwing.
 *
 * <p>A value class with the components and the equality of a record (each component compared; the record's hash).
 * The control bits are held as a bit mask, one bit per {@link Control} ordinal, so that the bit tests of every check
 * (SYN? FIN? RST? ACK?) are a mask test; {@link #controls()} answers with one shared set per combination of bits.
 * Every segment is immutable.
 */
public final class Segment {

    /** The largest window the model accepts: 2^30, the largest a scaled window can be (RFC 7323 §2.3). */
    public static final long MAX_WINDOW = 1L << 30;

    private final SeqNum seq;
    private final SeqNum ack;
    /** The control bits that are set: bit {@code 1 << c.ordinal()} for each {@link Control} {@code c}. */
    private final int bits;
    private final long window;
    private final int urgent;
    private final int dataLength;
    private final Option<Vector<Byte>> data;
    private final List<SegmentOption> options;
    private final Set<EcnFlag> ecn;

    /**
     * A segment.
     *
     * @param seq        {@code SEG.SEQ}: the first sequence number of the segment (of the SYN, if set)
     * @param ack        {@code SEG.ACK}: the next sequence number the sender expects (ACK bit only)
     * @param controls   the control bits that are set
     * @param window     {@code SEG.WND} as the header carries it, before any window scaling: the receiver of a
     *                   segment whose connection negotiated window scaling shifts it (RFC 7323 §2.3,
     *                   {@link io.github.tcpmodel.semantics.WindowScaling}); in {@code [0, 2^30]}, so that a driver
     *                   without window scaling may also pass a window wider than 16 bits
     * @param urgent     {@code SEG.UP}, in {@code [0, 65535]}
     * @param dataLength the number of payload octets
     * @param data       the payload octets, when known; their number equals {@code dataLength}
     * @param options    the TCP options in the order sent, NOP and EOL included (RFC 9293 §3.1); an MSS option's
     *                   value in {@code [1, 65535]}
     * @param ecn        the ECN bits that are set (RFC 3168 §6.1)
     */
    public Segment(SeqNum seq, SeqNum ack, Set<Control> controls, long window, int urgent, int dataLength,
                   Option<Vector<Byte>> data, List<SegmentOption> options, Set<EcnFlag> ecn) {
        this(seq, ack, bitsOf(Objects.requireNonNull(controls, "controls is null")), window, urgent, dataLength,
                data, options, ecn);
    }

    /** The segment with the control bits {@code bits}; validates as the public constructor does. */
    private Segment(SeqNum seq, SeqNum ack, int bits, long window, int urgent, int dataLength,
                    Option<Vector<Byte>> data, List<SegmentOption> options, Set<EcnFlag> ecn) {
        Objects.requireNonNull(seq, "seq is null");
        Objects.requireNonNull(ack, "ack is null");
        Objects.requireNonNull(data, "data is null");
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(ecn, "ecn is null");
        String problem = problem(window, urgent, dataLength, data, options);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
        this.seq = seq;
        this.ack = ack;
        this.bits = bits;
        this.window = window;
        this.urgent = urgent;
        this.dataLength = dataLength;
        this.data = data;
        this.options = options;
        this.ecn = ecn == NO_ECN ? NO_ECN : TreeSet.ofAll(ecn);
    }

    /** {@code SEG.SEQ}: the first sequence number of the segment (of the SYN, if set). */
    public SeqNum seq() {
        return seq;
    }

    /** {@code SEG.ACK}: the next sequence number the sender expects (ACK bit only). */
    public SeqNum ack() {
        return ack;
    }

    /** The control bits that are set, in the order of {@link Control}; one shared set per combination of bits. */
    public Set<Control> controls() {
        return CONTROL_SETS[bits];
    }

    /** {@code SEG.WND} as the header carries it, before any window scaling (RFC 7323 §2.3). */
    public long window() {
        return window;
    }

    /** {@code SEG.UP}. */
    public int urgent() {
        return urgent;
    }

    /** The number of payload octets. */
    public int dataLength() {
        return dataLength;
    }

    /** The payload octets, when known. */
    public Option<Vector<Byte>> data() {
        return data;
    }

    /** The TCP options in the order sent, NOP and EOL included (RFC 9293 §3.1). */
    public List<SegmentOption> options() {
        return options;
    }

    /** The ECN bits that are set (RFC 3168 §6.1). */
    public Set<EcnFlag> ecn() {
        return ecn;
    }

    /** The number of control bits: {@link Control}'s constants. */
    private static final int CONTROL_COUNT = Control.values().length;

    /** The set of each combination of control bits, indexed by its mask (natural order, as TreeSet.ofAll made). */
    private static final Set<Control>[] CONTROL_SETS = controlSets();

    /** Each set's hash, computed once: {@link #hashCode} is the record's, which hashes the set. */
    private static final int[] CONTROL_HASHES = controlHashes();

    /**
     * The masks in the order {@link #bitsOf} tries their sets: the sets of nearly every segment first (ACK, ACK
     * with PSH, with FIN, with both; SYN, SYN,ACK, RST, RST,ACK), then the rest.
     */
    private static final int[] PROBE_ORDER = probeOrder();

    @SuppressWarnings("unchecked")
    private static Set<Control>[] controlSets() {
        Set<Control>[] sets = new Set[1 << CONTROL_COUNT];
        for (int m = 0; m < sets.length; m++) {
            java.util.ArrayList<Control> in = new java.util.ArrayList<>();
            for (Control c : Control.values()) {
                if ((m & 1 << c.ordinal()) != 0) {
                    in.add(c);
                }
            }
            sets[m] = TreeSet.ofAll(in);
        }
        return sets;
    }

    private static int[] controlHashes() {
        int[] h = new int[CONTROL_SETS.length];
        for (int m = 0; m < h.length; m++) {
            h[m] = CONTROL_SETS[m].hashCode();
        }
        return h;
    }

    private static int bit(Control c) {
        return 1 << c.ordinal();
    }

    private static int[] probeOrder() {
        int ack = bit(Control.ACK);
        int[] first = {ack, ack | bit(Control.PSH), ack | bit(Control.FIN), ack | bit(Control.PSH) | bit(Control.FIN),
            bit(Control.SYN), bit(Control.SYN) | ack, bit(Control.RST), bit(Control.RST) | ack};
        int[] order = new int[CONTROL_SETS.length];
        java.util.BitSet seen = new java.util.BitSet();
        int n = 0;
        for (int m : first) {
            order[n++] = m;
            seen.set(m);
        }
        for (int m = 0; m < CONTROL_SETS.length; m++) {
            if (!seen.get(m)) {
                order[n++] = m;
            }
        }
        return order;
    }

    /** The mask of {@code controls}: by reference when it is one of the shared sets, else by membership. */
    private static int bitsOf(Set<Control> controls) {
        for (int m : PROBE_ORDER) {
            if (CONTROL_SETS[m] == controls) {
                return m;
            }
        }
        int m = 0;
        for (Control c : Control.values()) {
            if (controls.contains(c)) {
                m |= bit(c);
            }
        }
        return m;
    }

    private static int bitsOf(Control... controls) {
        int m = 0;
        for (Control c : controls) {
            m |= bit(Objects.requireNonNull(c, "control is null"));
        }
        return m;
    }

    /** The segment with at most an MSS option and no ECN bits, as segments were before options were modelled. */
    public Segment(SeqNum seq, SeqNum ack, Set<Control> controls, long window, int urgent, int dataLength,
                   Option<Vector<Byte>> data, Option<Integer> mss) {
        this(seq, ack, controls, window, urgent, dataLength, data, mssOption(mss), NO_ECN);
    }

    private static List<SegmentOption> mssOption(Option<Integer> mss) {
        Objects.requireNonNull(mss, "mss is null");
        return mss.isEmpty() ? List.empty() : List.of(new SegmentOption.Mss(mss.get()));
    }

    /** A segment with the given sequence number and control bits, window 0, no ACK number, no payload. */
    public static Segment of(SeqNum seq, Control... controls) {
        return new Segment(seq, SeqNum.ZERO, bitsOf(controls), 0, 0, 0, Option.none(), List.empty(), NO_ECN);
    }

    /** The empty ECN set, shared: {@code TreeSet.empty()} builds a new one on every call. */
    private static final Set<EcnFlag> NO_ECN = TreeSet.empty();

    /** The segment, or a message naming the first field out of range; never throws on bad values. */
    public static Either<String, Segment> checked(long seq, long ack, Set<Control> controls, long window,
                                                  int urgent, int dataLength, Option<Vector<Byte>> data,
                                                  Option<Integer> mss) {
        if (controls == null || data == null || mss == null) {
            return Either.left("controls, data and mss must not be null");
        }
        if (mss.exists(m -> m <= 0 || m > 0xFFFF)) {
            return Either.left("MSS option out of range [1, 65535]: " + mss.get());
        }
        return checked(seq, ack, controls, window, urgent, dataLength, data, mssOption(mss), NO_ECN);
    }

    /** As {@link #checked(long, long, Set, long, int, int, Option, Option)}, with an option list and ECN bits. */
    public static Either<String, Segment> checked(long seq, long ack, Set<Control> controls, long window,
                                                  int urgent, int dataLength, Option<Vector<Byte>> data,
                                                  List<SegmentOption> options, Set<EcnFlag> ecn) {
        if (controls == null || data == null || options == null || ecn == null) {
            return Either.left("controls, data, options and ecn must not be null");
        }
        // SeqNum.parse's checks and messages, in its order, without an Either and a closure per number: every
        // captured segment the trace checker reads comes through here.
        if (seq < 0 || seq >= SeqNum.MODULUS) {
            return Either.left(SeqNum.parse(seq).getLeft());
        }
        if (ack < 0 || ack >= SeqNum.MODULUS) {
            return Either.left(SeqNum.parse(ack).getLeft());
        }
        String problem = problem(window, urgent, dataLength, data, options);
        return problem.isEmpty()
                ? Either.right(new Segment(SeqNum.of(seq), SeqNum.of(ack), bitsOf(controls), window, urgent,
                        dataLength, data, options, ecn))
                : Either.left(problem);
    }

    private static String problem(long window, int urgent, int dataLength, Option<Vector<Byte>> data,
                                  List<SegmentOption> options) {
        if (window >= 0 && window <= MAX_WINDOW && urgent >= 0 && urgent <= 0xFFFF && dataLength >= 0
                && (data.isEmpty() || data.get().size() == dataLength) && validMss(options)) {
            // Every segment is checked when it is built; the message is formed only for a bad one.
            return "";
        }
        Option<Integer> mss = mss(options);
        if (window < 0 || window > MAX_WINDOW) {
            return "window out of range [0, 2^30]: " + window;
        }
        if (urgent < 0 || urgent > 0xFFFF) {
            return "urgent pointer out of range [0, 65535]: " + urgent;
        }
        if (dataLength < 0) {
            return "negative payload length: " + dataLength;
        }
        if (data.exists(d -> d.size() != dataLength)) {
            return "payload has " + data.get().size() + " octets but its length says " + dataLength;
        }
        if (mss.exists(m -> m <= 0 || m > 0xFFFF)) {
            return "MSS option out of range [1, 65535]: " + mss.get();
        }
        return "";
    }

    private static Option<Integer> mss(List<SegmentOption> options) {
        for (List<SegmentOption> l = options; !l.isEmpty(); l = l.tail()) {
            if (l.head() instanceof SegmentOption.Mss m) {
                return Option.some(m.value());
            }
        }
        return Option.none();
    }

    /** Whether the first MSS option, if any, is in [1, 65535]. */
    private static boolean validMss(List<SegmentOption> options) {
        for (List<SegmentOption> l = options; !l.isEmpty(); l = l.tail()) {
            if (l.head() instanceof SegmentOption.Mss m) {
                return m.value() > 0 && m.value() <= 0xFFFF;
            }
        }
        return true;
    }

    /** The MSS option's value, if the segment carries one (RFC 9293 §3.7.1); the first, if it carries several. */
    public Option<Integer> mss() {
        return mss(options);
    }

    /** The first option of type {@code type}, if any. */
    public <T extends SegmentOption> Option<T> option(Class<T> type) {
        for (List<SegmentOption> l = options; !l.isEmpty(); l = l.tail()) {
            if (type.isInstance(l.head())) {
                return Option.some(type.cast(l.head()));
            }
        }
        return Option.none();
    }

    /** Whether ECN bit {@code f} is set. */
    public boolean has(EcnFlag f) {
        return ecn.contains(f);
    }

    /** Whether control bit {@code c} is set. */
    public boolean has(Control c) {
        return (bits & bit(c)) != 0;
    }

    private static final int SYN = 1 << Control.SYN.ordinal();
    private static final int FIN = 1 << Control.FIN.ordinal();
    private static final int RST = 1 << Control.RST.ordinal();
    private static final int ACK = 1 << Control.ACK.ordinal();

    /** Whether the SYN bit is set. */
    public boolean syn() {
        return (bits & SYN) != 0;
    }

    /** Whether the FIN bit is set. */
    public boolean fin() {
        return (bits & FIN) != 0;
    }

    /** Whether the RST bit is set. */
    public boolean rst() {
        return (bits & RST) != 0;
    }

    /** Whether the ACK bit is set (then {@link #ack()} is SEG.ACK). */
    public boolean isAck() {
        return (bits & ACK) != 0;
    }

    /** {@code SEG.LEN}: the payload octets plus one for SYN and one for FIN (RFC 9293 §3.4). */
    public long len() {
        return (long) dataLength + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    /** The last sequence number the segment occupies, {@code SEG.SEQ + SEG.LEN - 1} (only if {@code len() > 0}). */
    public SeqNum last() {
        return seq.plus(len() - 1);
    }

    /** The same segment with the ACK bit set and {@code SEG.ACK = ack}. */
    public Segment withAck(SeqNum ack) {
        return new Segment(seq, ack, bits | ACK, window, urgent, dataLength, data, options, ecn);
    }

    /** The same segment with control bit {@code c} also set. */
    public Segment with(Control c) {
        return new Segment(seq, ack, bits | bit(c), window, urgent, dataLength, data, options, ecn);
    }

    /** The same segment with control bit {@code c} cleared. */
    public Segment without(Control c) {
        return new Segment(seq, c == Control.ACK ? SeqNum.ZERO : ack, bits & ~bit(c), window, urgent,
                dataLength, data, options, ecn);
    }

    /** The same segment with {@code SEG.WND = window}. */
    public Segment withWindow(long window) {
        return new Segment(seq, ack, bits, window, urgent, dataLength, data, options, ecn);
    }

    /** The same segment with {@code SEG.SEQ = seq}. */
    public Segment withSeq(SeqNum seq) {
        return new Segment(seq, ack, bits, window, urgent, dataLength, data, options, ecn);
    }

    /** The same segment carrying {@code n} payload octets whose values are not given. */
    public Segment withDataLength(int n) {
        return new Segment(seq, ack, bits, window, urgent, n, Option.none(), options, ecn);
    }

    /** The same segment carrying {@code bytes} as payload. */
    public Segment withData(Vector<Byte> bytes) {
        return new Segment(seq, ack, bits, window, urgent, bytes.size(), Option.some(bytes), options, ecn);
    }

    /** The same segment with the MSS option {@code mss}, in place of any MSS option it had (else first). */
    public Segment withMss(int mss) {
        SegmentOption m = new SegmentOption.Mss(mss);
        int at = options.indexWhere(o -> o instanceof SegmentOption.Mss);
        return withOptions(at < 0 ? options.prepend(m) : options.update(at, m));
    }

    /** The same segment with the option list {@code opts}. */
    public Segment withOptions(List<SegmentOption> opts) {
        return new Segment(seq, ack, bits, window, urgent, dataLength, data, opts, ecn);
    }

    /** The same segment with exactly the ECN bits {@code bits}. */
    public Segment withEcn(EcnFlag... flags) {
        return new Segment(seq, ack, bits, window, urgent, dataLength, data, options, TreeSet.of(flags));
    }

    /** The same segment with the urgent bit and {@code SEG.UP = up}. */
    public Segment withUrgent(int up) {
        return new Segment(seq, ack, bits | bit(Control.URG), window, up, dataLength, data, options, ecn);
    }

    /**
     * The part of this segment that lies in {@code [from, from + size)} of sequence space, SYN and FIN included
     * (RFC 9293 §3.10.7.4: "trimming off any portions that lie outside the window (including SYN and FIN)").
     * None when nothing of the segment lies there; a zero-length segment is kept when its SEG.SEQ is in range or
     * equals {@code from}.
     *
     * <p>SEG.UP is an offset from SEG.SEQ (§3.1: "the urgent pointer ... as a positive offset from the sequence number
     * in this segment"), so when the front is cut it is reduced by as much, keeping the urgent point SEG.SEQ + SEG.UP
     * where it was (§3.10.7.4 first: the segment is "adjusted to be consistent"); when the cut passes the urgent
     * point, what remains carries no urgent data and the URG bit goes with it.
     */
    public Option<Segment> trim(SeqNum from, long size) {
        long len = len();
        if (len == 0) {
            return seq.equals(from) || seq.inWindow(from, size) ? Option.some(this) : Option.none();
        }
        // Offsets relative to the window's left edge; the segment occupies [start, start + len).
        long start = seq.distanceFrom(from);
        long cutFront = Math.max(0, -start);
        long end = start + len;
        long cutBack = Math.max(0, end - size);
        if (cutFront + cutBack >= len) {
            return Option.none();
        }
        if (cutFront == 0 && cutBack == 0) {
            // The whole segment lies in the range: what would be built below equals this segment.
            return Option.some(this);
        }
        boolean keepSyn = syn() && cutFront == 0;
        boolean keepFin = fin() && cutBack == 0;
        long dataFront = Math.max(0, cutFront - (syn() ? 1 : 0));
        long dataBack = Math.max(0, cutBack - (fin() ? 1 : 0));
        int newLength = (int) Math.max(0, dataLength - dataFront - dataBack);
        Option<Vector<Byte>> newData = data.map(d -> d.drop((int) dataFront).take(newLength));
        int c = bits;
        c = keepSyn ? c : c & ~SYN;
        c = keepFin ? c : c & ~FIN;
        int up = urgent;
        if (has(Control.URG) && cutFront > 0) {
            up = (int) Math.max(0, urgent - cutFront);
            c = up == 0 ? c & ~bit(Control.URG) : c;
        }
        return Option.some(new Segment(seq.plus(cutFront), ack, c, window, up, newLength, newData, options, ecn));
    }

    /**
     * Equal when every component is (a record's equality), the numeric components and the control bits first: a segment is
     * compared on every match of an expected segment and every lookup in a queue.
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Segment s && s.dataLength == dataLength && s.window == window && s.urgent == urgent
                && s.bits == bits && s.seq.equals(seq) && s.ack.equals(ack) && s.options.equals(options)
                && s.data.equals(data) && s.ecn.equals(ecn);
    }

    @Override
    public int hashCode() {
        // The record's hash: 31 times the hash so far plus each component's, in declaration order.
        int h = seq.hashCode();
        h = 31 * h + ack.hashCode();
        h = 31 * h + CONTROL_HASHES[bits];
        h = 31 * h + Long.hashCode(window);
        h = 31 * h + Integer.hashCode(urgent);
        h = 31 * h + Integer.hashCode(dataLength);
        h = 31 * h + data.hashCode();
        h = 31 * h + options.hashCode();
        return 31 * h + ecn.hashCode();
    }

    /** The segment in RFC notation, e.g. {@code <SEQ=100><ACK=300><CTL=SYN,ACK><LEN=0>}. */
    @Override
    public String toString() {
        List<String> parts = List.of("<SEQ=" + seq + ">");
        if (isAck()) {
            parts = parts.append("<ACK=" + ack + ">");
        }
        parts = parts.append("<CTL=" + controls().mkString(",") + ">");
        if (dataLength > 0) {
            parts = parts.append("<DATA=" + dataLength + ">");
        }
        parts = parts.append("<WND=" + window + ">");
        return parts.mkString();
    }
}
