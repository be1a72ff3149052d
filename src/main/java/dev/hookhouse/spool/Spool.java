package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable write path: {@link #append} returns only once the record's line is on disk.
 *
 * <p><b>Guarantees.</b> When {@code append} returns normally, the line is in a segment file
 * whose bytes were forced with {@code fdatasync} and whose directory entry was forced before
 * the first line went in, so it survives a process crash and a power loss. When it throws,
 * the line is not counted as written: its bytes were cut off again, and the caller must
 * answer with an error.
 *
 * <p><b>Group commit.</b> One writer thread owns the open segment. Callers queue their lines
 * and wait; the writer takes everything queued, writes it in one go and forces once, then
 * releases every waiter of that batch. An idle server pays one fsync per request and no added
 * wait; a busy one pays one fsync per batch.
 *
 * <p><b>Sealing.</b> The open segment ({@code incoming/N.open}) is sealed when it is older than
 * {@code sealAfterMillis} or larger than {@code segmentMaxBytes}: forced, renamed atomically to
 * {@code N.sealed}, and the directory forced. Only sealed segments reach the loader.
 *
 * <p><b>Recovery.</b> {@link #open} first seals whatever a crash left open (see
 * {@link SpoolRecovery}).
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int MAX_BATCH_RECORDS = 4096;

    private final SpoolLayout layout;
    private final SpoolOptions options;
    private final Clock clock;
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final SpoolStats stats = new SpoolStats();
    private volatile boolean closing;

    // Owned by the writer thread only.
    private long nextSequence;
    private OpenSegment openSegment;

    private Spool(SpoolLayout layout, SpoolOptions options, Clock clock, long nextSequence) {
        this.layout = layout;
        this.options = options;
        this.clock = clock;
        this.nextSequence = nextSequence;
        this.writer = new Thread(this::writeLoop, "hookhouse-spool-writer");
        this.writer.setDaemon(false);
    }

    /** Recovers the spool directory, then starts the writer. */
    public static Spool open(Path directory, SpoolOptions options, Clock clock)
            throws IOException {
        SpoolLayout layout = new SpoolLayout(directory).create();
        SpoolRecovery.sealLeftovers(layout);

        Spool spool = new Spool(layout, options, clock, layout.highestSequence() + 1);
        spool.writer.start();
        LOG.info("spool: opened {} (seal after {} ms or {} bytes, fsync {})",
                directory.toAbsolutePath(), options.sealAfterMillis(),
                options.segmentMaxBytes(), options.fsync() ? "on" : "OFF");
        return spool;
    }

    public SpoolLayout layout() {
        return layout;
    }

    public SpoolStats stats() {
        return stats;
    }

    /**
     * Appends one record and waits until it is durable.
     *
     * @throws SpoolUnavailableException if it could not be written; nothing was stored
     */
    public void append(SpoolRecord record) throws SpoolUnavailableException {
        PendingAppend pending = new PendingAppend(record.toLine());
        synchronized (this) {
            if (closing) {
                throw new SpoolUnavailableException("spool is shutting down");
            }
            queue.add(pending);
        }
        try {
            pending.done.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SpoolUnavailableException("interrupted while waiting for the spool");
        } catch (ExecutionException failed) {
            throw new SpoolUnavailableException("spool write failed", failed.getCause());
        }
    }

    /** Stops taking appends, writes what is queued, seals the open segment. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            // Wakes the writer without interrupting it: an interrupt would close its channel.
            queue.add(PendingAppend.WAKE_UP);
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("spool: closed {}", layout.root().toAbsolutePath());
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                PendingAppend first = queue.poll(millisUntilSealDue(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH_RECORDS - 1);
                    batch.removeIf(pending -> pending == PendingAppend.WAKE_UP);
                }
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                    batch.clear();
                }
                sealIfDue();
            } catch (InterruptedException unexpected) {
                LOG.warn("spool: writer interrupted; it keeps running until close()");
            }
        }
        sealOpenSegment();
        failQueued();
    }

    private void writeBatch(List<PendingAppend> batch) {
        long started = System.nanoTime();
        long goodSize = -1;
        try {
            OpenSegment segment = openSegmentForWrite();
            goodSize = segment.size;

            ByteBuffer[] buffers = new ByteBuffer[batch.size()];
            long bytes = 0;
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = ByteBuffer.wrap(batch.get(i).line);
                bytes += batch.get(i).line.length;
            }
            writeFully(segment.channel, buffers, bytes);
            if (options.fsync()) {
                segment.channel.force(false);
            }

            segment.size += bytes;
            stats.recordBatch(batch.size(), bytes, System.nanoTime() - started);
            for (PendingAppend pending : batch) {
                pending.done.complete(null);
            }
        } catch (IOException | RuntimeException failure) {
            stats.recordFailure(clock.millis());
            LOG.error("spool: write of {} records failed, answering 503: {}",
                    batch.size(), failure.toString());
            for (PendingAppend pending : batch) {
                pending.done.completeExceptionally(failure);
            }
            cutBackTo(goodSize);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer[] buffers, long bytes)
            throws IOException {
        long written = 0;
        while (written < bytes) {
            written += channel.write(buffers);
        }
    }

    /**
     * After a failed write, removes whatever part of the batch reached the file, so that no
     * unacknowledged line is ever loaded. If even that fails the segment is abandoned open;
     * the next start's recovery deals with it.
     */
    private void cutBackTo(long goodSize) {
        OpenSegment segment = openSegment;
        if (segment == null || goodSize < 0) {
            return;
        }
        try {
            segment.channel.truncate(goodSize);
            segment.channel.position(goodSize);
            segment.channel.force(true);
        } catch (IOException | RuntimeException cannotCut) {
            LOG.error("spool: cannot cut {} back to byte {}; leaving it open for recovery: {}",
                    segment.path, goodSize, cannotCut.toString());
            closeQuietly(segment);
            openSegment = null;
        }
    }

    private OpenSegment openSegmentForWrite() throws IOException {
        if (openSegment != null) {
            return openSegment;
        }
        long sequence = nextSequence++;
        Path path = layout.incoming().resolve(SpoolLayout.fileName(sequence, SpoolLayout.OPEN));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            // The file's directory entry must be durable before any line in it is acked.
            SpoolLayout.fsyncDirectory(layout.incoming());
        } catch (IOException directoryNotForced) {
            channel.close();
            Files.deleteIfExists(path);
            throw directoryNotForced;
        }
        openSegment = new OpenSegment(path, channel, clock.millis());
        LOG.debug("spool: opened segment {}", path.getFileName());
        return openSegment;
    }

    private long millisUntilSealDue() {
        if (openSegment == null) {
            return options.sealAfterMillis();
        }
        long dueAt = openSegment.openedAtMillis + options.sealAfterMillis();
        return Math.max(1, dueAt - clock.millis());
    }

    private void sealIfDue() {
        OpenSegment segment = openSegment;
        if (segment == null) {
            return;
        }
        boolean old = clock.millis() - segment.openedAtMillis >= options.sealAfterMillis();
        boolean full = segment.size >= options.segmentMaxBytes();
        if (old || full) {
            sealOpenSegment();
        }
    }

    private void sealOpenSegment() {
        OpenSegment segment = openSegment;
        if (segment == null) {
            return;
        }
        openSegment = null;
        try {
            segment.channel.force(true);
            segment.channel.close();
            if (segment.size == 0) {
                Files.delete(segment.path);
                SpoolLayout.fsyncDirectory(layout.incoming());
                return;
            }
            Path sealed = segment.path.resolveSibling(segment.path.getFileName().toString()
                    .replace(SpoolLayout.OPEN, SpoolLayout.SEALED));
            SpoolLayout.moveDurably(segment.path, sealed);
            stats.recordSeal();
            LOG.debug("spool: sealed {} ({} bytes)", sealed.getFileName(), segment.size);
        } catch (IOException | RuntimeException cannotSeal) {
            LOG.error("spool: cannot seal {}; it stays open until the next start: {}",
                    segment.path, cannotSeal.toString());
            closeQuietly(segment);
        }
    }

    private void failQueued() {
        PendingAppend pending;
        while ((pending = queue.poll()) != null) {
            pending.done.completeExceptionally(new IOException("spool closed"));
        }
    }

    private static void closeQuietly(OpenSegment segment) {
        try {
            segment.channel.close();
        } catch (IOException alreadyBroken) {
            LOG.debug("spool: close of {} failed: {}", segment.path, alreadyBroken.toString());
        }
    }

    private static final class PendingAppend {
        static final PendingAppend WAKE_UP = new PendingAppend(new byte[0]);

        final byte[] line;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        PendingAppend(byte[] line) {
            this.line = line;
        }
    }

    private static final class OpenSegment {
        final Path path;
        final FileChannel channel;
        final long openedAtMillis;
        long size;

        OpenSegment(Path path, FileChannel channel, long openedAtMillis) {
            this.path = path;
            this.channel = channel;
            this.openedAtMillis = openedAtMillis;
        }
    }

    /** Counters for metrics and health; updated by the writer thread, read by anyone. */
    public static final class SpoolStats {
        private final AtomicLong batches = new AtomicLong();
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong writeNanos = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong seals = new AtomicLong();
        private volatile long lastFailureMillis = -1;
        private volatile long lastSuccessMillis = -1;

        void recordBatch(int count, long byteCount, long nanos) {
            batches.incrementAndGet();
            records.addAndGet(count);
            bytes.addAndGet(byteCount);
            writeNanos.addAndGet(nanos);
            lastSuccessMillis = System.currentTimeMillis();
        }

        void recordFailure(long atMillis) {
            failures.incrementAndGet();
            lastFailureMillis = atMillis;
        }

        void recordSeal() {
            seals.incrementAndGet();
        }

        public long batches() {
            return batches.get();
        }

        public long records() {
            return records.get();
        }

        public long bytes() {
            return bytes.get();
        }

        public long writeNanos() {
            return writeNanos.get();
        }

        public long failures() {
            return failures.get();
        }

        public long seals() {
            return seals.get();
        }

        public long lastFailureMillis() {
            return lastFailureMillis;
        }

        public long lastSuccessMillis() {
            return lastSuccessMillis;
        }
    }
}
