package io.github.tcpmodel.script.target;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel target's Python blocks ({@code %{ ... }%}), as packetdrill runs them: at a block's time the kernel's
 * {@code struct tcp_info} of the socket under test is read ({@code getsockopt(fd, IPPROTO_TCP, TCP_INFO)}) and kept
 * as {@code tcpi_*} variables; after the script's last line the blocks run in order in one python3 process, each
 * with the values of its own time and the symbolic names scripts compare them with ({@code TCP_ESTABLISHED},
 * {@code TCP_CA_Open}, {@code TCPI_OPT_SYN_DATA}, ...). Running them at the end keeps the interpreter's start-up out
 * of the script's timing. A block that raises fails the script at its line.
 *
 * <p>The layout is Linux's {@code struct tcp_info} (include/uapi/linux/tcp.h, a stable ABI that only grows at its
 * end): a field past the length the kernel returns is not defined, so a block naming it fails with Python's
 * {@code NameError}, never with a made-up value.
 */
final class TcpInfoBlocks {

    /** getsockopt level and name. */
    static final int IPPROTO_TCP = 6;
    static final int TCP_INFO = 11;

    /** The buffer handed to getsockopt: the whole structure of recent kernels, and room to grow. */
    static final int SIZE = 512;

    /** How long the blocks of one script may run, in seconds. */
    private static final long PYTHON_SECONDS = 30;

    /** A field: its name, byte offset and width in octets (1, 2, 4 or 8); two 4-bit fields share offset 6. */
    private record Field(String name, int offset, int width) {
    }

    private static final List<Field> FIELDS = fields();

    private static List<Field> fields() {
        java.util.List<Field> f = new java.util.ArrayList<>();
        String[] bytes = {"tcpi_state", "tcpi_ca_state", "tcpi_retransmits", "tcpi_probes", "tcpi_backoff",
            "tcpi_options"};
        for (int i = 0; i < bytes.length; i++) {
            f.add(new Field(bytes[i], i, 1));
        }
        String[] u32 = {"tcpi_rto", "tcpi_ato", "tcpi_snd_mss", "tcpi_rcv_mss", "tcpi_unacked", "tcpi_sacked",
            "tcpi_lost", "tcpi_retrans", "tcpi_fackets", "tcpi_last_data_sent", "tcpi_last_ack_sent",
            "tcpi_last_data_recv", "tcpi_last_ack_recv", "tcpi_pmtu", "tcpi_rcv_ssthresh", "tcpi_rtt", "tcpi_rttvar",
            "tcpi_snd_ssthresh", "tcpi_snd_cwnd", "tcpi_advmss", "tcpi_reordering", "tcpi_rcv_rtt", "tcpi_rcv_space",
            "tcpi_total_retrans"};
        for (int i = 0; i < u32.length; i++) {
            f.add(new Field(u32[i], 8 + 4 * i, 4));
        }
        Object[] rest = {"tcpi_pacing_rate", 104, 8, "tcpi_max_pacing_rate", 112, 8, "tcpi_bytes_acked", 120, 8,
            "tcpi_bytes_received", 128, 8, "tcpi_segs_out", 136, 4, "tcpi_segs_in", 140, 4, "tcpi_notsent_bytes",
            144, 4, "tcpi_min_rtt", 148, 4, "tcpi_data_segs_in", 152, 4, "tcpi_data_segs_out", 156, 4,
            "tcpi_delivery_rate", 160, 8, "tcpi_busy_time", 168, 8, "tcpi_rwnd_limited", 176, 8,
            "tcpi_sndbuf_limited", 184, 8, "tcpi_delivered", 192, 4, "tcpi_delivered_ce", 196, 4, "tcpi_bytes_sent",
            200, 8, "tcpi_bytes_retrans", 208, 8, "tcpi_dsack_dups", 216, 4, "tcpi_reord_seen", 220, 4,
            "tcpi_rcv_ooopack", 224, 4, "tcpi_snd_wnd", 228, 4, "tcpi_rcv_wnd", 232, 4, "tcpi_rehash", 236, 4,
            "tcpi_total_rto", 240, 2, "tcpi_total_rto_recoveries", 242, 2, "tcpi_total_rto_time", 244, 4};
        for (int i = 0; i < rest.length; i += 3) {
            f.add(new Field((String) rest[i], (Integer) rest[i + 1], (Integer) rest[i + 2]));
        }
        return List.ofAll(f);
    }

    /** The names packetdrill defines for the values of tcpi_state, tcpi_ca_state and tcpi_options (Linux's). */
    static final Map<String, Long> SYMBOLS = symbols();

    private static Map<String, Long> symbols() {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] states = {"TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV", "TCP_FIN_WAIT1", "TCP_FIN_WAIT2",
            "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT", "TCP_LAST_ACK", "TCP_LISTEN", "TCP_CLOSING"};
        for (int i = 0; i < states.length; i++) {
            m.put(states[i], (long) i + 1);
        }
        String[] ca = {"TCP_CA_Open", "TCP_CA_Disorder", "TCP_CA_CWR", "TCP_CA_Recovery", "TCP_CA_Loss"};
        for (int i = 0; i < ca.length; i++) {
            m.put(ca[i], (long) i);
        }
        String[] opt = {"TCPI_OPT_TIMESTAMPS", "TCPI_OPT_SACK", "TCPI_OPT_WSCALE", "TCPI_OPT_ECN",
            "TCPI_OPT_ECN_SEEN", "TCPI_OPT_SYN_DATA", "TCPI_OPT_USEC_TS", "TCPI_OPT_TFO_CHILD"};
        for (int i = 0; i < opt.length; i++) {
            m.put(opt[i], 1L << i);
        }
        m.put("TCP_INFINITE_SSTHRESH", 0x7fffffffL);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The {@code tcpi_*} values in {@code info}, the first {@code length} octets of which the kernel filled: each
     * field that lies wholly within them.
     */
    static Map<String, Long> decode(byte[] info, int length) {
        ByteBuffer b = ByteBuffer.wrap(info, 0, Math.min(length, info.length)).order(ByteOrder.nativeOrder());
        Map<String, Long> m = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            if (f.offset() + f.width() > length) {
                continue;
            }
            long v = switch (f.width()) {
                case 1 -> Byte.toUnsignedLong(b.get(f.offset()));
                case 2 -> Short.toUnsignedLong(b.getShort(f.offset()));
                case 4 -> Integer.toUnsignedLong(b.getInt(f.offset()));
                default -> b.getLong(f.offset());
            };
            m.put(f.name(), v);
        }
        if (length > 7) {
            // __u8 tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4 (the first bit-field in the low bits, as GCC lays
            // them out on Linux); __u8 tcpi_delivery_rate_app_limited : 1 in the next octet.
            int w = Byte.toUnsignedInt(b.get(6));
            m.put("tcpi_snd_wscale", (long) (w & 0xf));
            m.put("tcpi_rcv_wscale", (long) (w >> 4));
            m.put("tcpi_delivery_rate_app_limited", (long) (b.get(7) & 1));
        }
        return m;
    }

    /** One block: its line, its code, and the tcp_info values at its time (none when there was no socket). */
    record Block(int line, String code, Option<Map<String, Long>> info) {
    }

    private final java.util.List<Block> blocks = new java.util.ArrayList<>();

    void add(Block b) {
        blocks.add(b);
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /**
     * Runs the blocks in order in one python3 process; none when all of them ran, else the line of the first that
     * raised and why.
     */
    Option<String> run() {
        if (blocks.isEmpty()) {
            return Option.none();
        }
        StringBuilder py = new StringBuilder();
        py.append("import sys, textwrap, traceback\n_g = {}\n");
        for (Map.Entry<String, Long> s : SYMBOLS.entrySet()) {
            py.append("_g['").append(s.getKey()).append("'] = ").append(s.getValue()).append('\n');
        }
        py.append("def _block(line, values, code):\n"
                + "    _g.update(values)\n"
                + "    try:\n"
                + "        exec(compile(textwrap.dedent(code).strip() + '\\n', 'line %d' % line, 'exec'), _g)\n"
                + "    except BaseException as e:\n"
                + "        print('line %d: %s: %s' % (line, type(e).__name__, e))\n"
                + "        sys.exit(1)\n");
        for (Block b : blocks) {
            py.append("_block(").append(b.line()).append(", {");
            for (Map.Entry<String, Long> v : b.info().getOrElse(Map.of()).entrySet()) {
                py.append('\'').append(v.getKey()).append("': ").append(v.getValue()).append(", ");
            }
            py.append("}, ").append(pythonString(b.code())).append(")\n");
        }
        Path file = null;
        try {
            file = Files.createTempFile("tcpm-blocks", ".py");
            Files.writeString(file, py, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(PYTHON_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Option.some("the Python blocks ran longer than " + PYTHON_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() == 0) {
                return Option.none();
            }
            String last = text.lines().reduce((a, b) -> b).orElse("");
            return Option.some(last.isEmpty() ? "python3 exited with status " + p.exitValue() : last);
        } catch (IOException e) {
            return Option.some("cannot run python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Option.some("interrupted");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }

    /** {@code s} as a Python string literal. */
    static String pythonString(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }
}
