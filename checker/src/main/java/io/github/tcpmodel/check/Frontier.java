package io.github.tcpmodel.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One breadth-first level's queue: fixed-width records of {@code long} words (a state's id and its encoded words),
 * read back in the order they were appended, as TLC's disk queue keeps its states.
 *
 * <p>Records are appended into blocks of {@code blockRecords}. A full block stays in memory while the blocks in
 * memory hold fewer than {@code memoryWords} words; past that it is written to its own file in a temporary folder
 * (created on the first such block under {@code base}) and its memory dropped. The queue is taken block by block
 * from its head; a block read back from disk has its file deleted at once, and {@link #close()} deletes what is left
 * with the folder. The head of a level stays in memory and its tail goes to disk, so a search whose levels outgrow
 * the limit holds at most the limit, one block being filled and one block being expanded.
 *
 * <p>Not thread-safe: the exploring thread appends the workers' output and takes blocks for them.
 */
final class Frontier implements AutoCloseable {

    private final int rec;
    private final int blockWords;
    private final long memoryWords;
    private final Path base;
    private Path dir;
    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    private long[] tail;
    private int tailWords;
    private long memoryBlockWords;
    private long records;
    private int files;
    private long bytesOnDisk;
    private long peakBytesOnDisk;
    private long bytesWritten;

    /** A full block: its words in memory, or the file holding them. */
    private record Block(long[] data, Path file, int words) {
    }

    /**
     * An empty queue.
     *
     * @param rec          words per record (at least 1)
     * @param blockRecords records per block (at least 1)
     * @param memoryWords  words of full blocks kept in memory before further blocks go to disk; {@link
     *                     Long#MAX_VALUE} never writes a file
     * @param base         the folder under which the temporary folder is created; {@code null} for the system's
     *                     temporary folder
     */
    Frontier(int rec, int blockRecords, long memoryWords, Path base) {
        if (rec < 1 || blockRecords < 1 || memoryWords < 0) {
            throw new IllegalArgumentException("record " + rec + ", block " + blockRecords + ", memory "
                    + memoryWords);
        }
        if ((long) rec * blockRecords > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a block of " + blockRecords + " records of " + rec
                    + " words exceeds an array");
        }
        this.rec = rec;
        this.blockWords = rec * blockRecords;
        this.memoryWords = memoryWords;
        this.base = base;
    }

    /** A queue of the same shape (record width, block size, memory limit, folder), empty. */
    Frontier emptyLike() {
        return new Frontier(rec, blockWords / rec, memoryWords, base);
    }

    /** Records queued and not yet taken. */
    long size() {
        return records;
    }

    boolean isEmpty() {
        return records == 0;
    }

    /** Bytes in this queue's files now. */
    long bytesOnDisk() {
        return bytesOnDisk;
    }

    /** The most bytes this queue's files held at once. */
    long peakBytesOnDisk() {
        return peakBytesOnDisk;
    }

    /** Bytes written to files over the queue's life. */
    long bytesWritten() {
        return bytesWritten;
    }

    /** Appends {@code words} words, a whole number of records, from the start of {@code src}. */
    void addAll(long[] src, int words) {
        if (words % rec != 0) {
            throw new IllegalArgumentException(words + " words are not whole records of " + rec);
        }
        int off = 0;
        while (off < words) {
            if (tail == null) {
                // Grown by doubling up to a block: a level of a few states does not cost a whole block.
                tail = new long[Math.min(blockWords, Math.max(16 * rec, words - off))];
                tailWords = 0;
            } else if (tailWords == tail.length) {
                tail = Arrays.copyOf(tail, (int) Math.min(blockWords, 2L * tail.length));
            }
            int n = Math.min(words - off, tail.length - tailWords);
            System.arraycopy(src, off, tail, tailWords, n);
            tailWords += n;
            off += n;
            records += n / rec;
            if (tailWords == blockWords) {
                seal();
            }
        }
    }

    /** Appends one record. */
    void add(long[] record) {
        if (record.length != rec) {
            throw new IllegalArgumentException("a record of " + record.length + " words, not " + rec);
        }
        addAll(record, rec);
    }

    /** Moves the full tail block to memory or, past the limit, to a file of its own. */
    private void seal() {
        if (memoryBlockWords + tailWords <= memoryWords) {
            blocks.add(new Block(tail, null, tailWords));
            memoryBlockWords += tailWords;
        } else {
            Path f = write(tail, tailWords);
            blocks.add(new Block(null, f, tailWords));
        }
        tail = null;
        tailWords = 0;
    }

    private Path write(long[] data, int words) {
        try {
            if (dir == null) {
                Path b = base != null ? base : Path.of(System.getProperty("java.io.tmpdir"));
                Files.createDirectories(b);
                dir = Files.createTempDirectory(b, "frontier-");
            }
            Path f = dir.resolve("block-" + files++ + ".bin");
            ByteBuffer buf = ByteBuffer.allocate(words * Long.BYTES).order(ByteOrder.nativeOrder());
            buf.asLongBuffer().put(data, 0, words);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            long bytes = (long) words * Long.BYTES;
            bytesOnDisk += bytes;
            bytesWritten += bytes;
            peakBytesOnDisk = Math.max(peakBytesOnDisk, bytesOnDisk);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a frontier block under " + base, e);
        }
    }

    private static long[] read(Path f, int words) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(words * Long.BYTES).order(ByteOrder.nativeOrder());
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException(f + " ends before its " + words + " words");
                }
            }
            buf.flip();
            long[] data = new long[words];
            buf.asLongBuffer().get(data);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the frontier block " + f, e);
        }
    }

    /**
     * Takes the next block from the head: its words are {@code [0, size)} of the returned buffer, a whole number of
     * records; {@code null} when the queue is empty. A block read from disk has its file deleted.
     */
    Explorer.LongBuf take() {
        Block b = blocks.poll();
        long[] data;
        int words;
        if (b != null) {
            words = b.words();
            if (b.data() != null) {
                data = b.data();
                memoryBlockWords -= words;
            } else {
                data = read(b.file(), words);
                delete(b.file());
                bytesOnDisk -= (long) words * Long.BYTES;
            }
        } else if (tailWords > 0) {
            data = tail;
            words = tailWords;
            tail = null;
            tailWords = 0;
        } else {
            return null;
        }
        records -= words / rec;
        Explorer.LongBuf out = new Explorer.LongBuf(0);
        out.data = data;
        out.size = words;
        return out;
    }

    /** What a {@link #forEachBlock} visitor does with one block's words {@code [0, words)}. */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(long[] data, int words) throws IOException;
    }

    /** Visits the queued blocks in order without taking them (a checkpoint writes the frontier this way). */
    void forEachBlock(BlockVisitor v) throws IOException {
        for (Block b : blocks) {
            v.visit(b.data() != null ? b.data() : read(b.file(), b.words()), b.words());
        }
        if (tailWords > 0) {
            v.visit(tail, tailWords);
        }
    }

    private void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the frontier block " + f, e);
        }
    }

    /** Drops what is left and deletes the queue's files and folder. */
    @Override
    public void close() {
        for (Block b : blocks) {
            if (b.file() != null) {
                delete(b.file());
            }
        }
        blocks.clear();
        tail = null;
        tailWords = 0;
        records = 0;
        memoryBlockWords = 0;
        bytesOnDisk = 0;
        if (dir != null) {
            delete(dir);
            dir = null;
        }
    }

    @Override
    public String toString() {
        return "Frontier[" + records + " records of " + rec + " words, " + blocks.size() + " full blocks, "
                + bytesOnDisk + " bytes on disk]";
    }
}
