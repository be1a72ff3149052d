package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable write path: {@link #append} returns only once the record's line is on disk.
 * This class owns the fsync; {@link SpoolLayout} owns the directory layout and
 * {@link SpoolRecord} the line format.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>When {@code append} returns normally, the whole line is in a segment file: its bytes
 *       were forced with {@code fdatasync}, and the file's directory entry was forced before
 *       its first line was acknowledged. It survives a crash of the process or the machine,
 *       and after the next start it is in exactly one sealed segment. (Only with
 *       {@link SpoolOptions#fsync()} on; off is for benchmarks and drops this promise.)
 *   <li>When {@code append} throws {@link SpoolUnavailableException}, the caller must answer
 *       with an error. Whatever part of the line reached the file was cut off again before the
 *       exception was thrown, so it is never loaded (one double fault, below, can turn it into
 *       a duplicate, never into a loss).
 *   <li>No append waits forever on a writer that has stopped: once {@link #close} begins, new
 *       appends fail at once and every queued one is written or failed. An append waits for
 *       its outcome even if interrupted, so that what it reports is always true.
 * </ul>
 *
 * <p><b>One writer.</b> {@link #open} locks the spool directory ({@code spool/lock}) before
 * recovery, so a second process on the same directory is refused instead of cutting and
 * sealing the first one's open segment.
 *
 * <p><b>Group commit.</b> One writer thread owns the open segment. Callers queue their lines
 * and wait; the writer takes everything queued, writes it in one go and forces once, then
 * releases every waiter of that batch. There is no timer between a caller and its fsync: an
 * idle spool writes a lone append at once (one fsync per request), a busy one pays one fsync
 * per batch, and a batch grows by itself while the previous fsync runs.
 *
 * <p><b>Sealing.</b> The open segment ({@code incoming/N.open}) is sealed when it is
 * {@code sealAfterMillis} old (by the injected clock; a clock that steps back seals at once) or
 * at least {@code segmentMaxBytes} long: forced, renamed atomically to {@code N.sealed}, and
 * the directory forced. Only sealed segments reach the loader. {@link #close} seals too.
 *
 * <p><b>Failures.</b> A failed write or force fails exactly the batch in flight. The writer
 * then truncates that segment back to its last acknowledged byte, forces it, seals it, and
 * writes the next batch into a new file. Why this is enough, although Linux may drop the dirty
 * pages of a failed fsync and reports the error only once per open file:
 * <ol>
 *   <li>Every acknowledged byte was covered by a force that succeeded before its ack, so it
 *       depends on no later force.
 *   <li>A failed force can only concern bytes written since the last good one: the failed
 *       batch. The truncate removes all of them, whether the kernel kept, wrote or dropped
 *       their pages, and the force after it makes the shorter length durable.
 *   <li>The file is never written again. The next batch goes to a new file whose descriptor
 *       has seen no error, so a later successful force speaks only for pages written after the
 *       failure, never for pages the kernel gave up on quietly.
 * </ol>
 * What remains, on purpose: if the truncate or its force fails as well, the segment is
 * <i>stranded</i> ({@link SpoolStats#strandedSegments()}); the writer retries the cut and the
 * seal every {@code sealAfterMillis}. Should the process die before that, start-up recovery
 * seals the file as it finds it, and complete lines of the failed batch that reached the disk
 * are loaded although their callers were refused: a duplicate once the sender retries, never
 * a loss. A device that garbles the block it failed to write destroys the acknowledged bytes
 * that share that block; no append-only file prevents that, and {@link SegmentReader} reports
 * the damaged line as bad. A failed directory fsync for a new segment fails its batch and
 * removes the file.
 *
 * <p><b>Crash between rename and directory fsync.</b> The rename is atomic, so after a power
 * loss exactly one of {@code N.open} and {@code N.sealed} exists, with the same forced bytes;
 * recovery seals an {@code N.open}. If that directory fsync fails the segment stays sealed,
 * and the next successful fsync of {@code incoming/} makes the new name durable. The loader
 * may see {@code N.sealed} before its name is durable, so it must load idempotently by request
 * id.
 *
 * <p><b>Known limits.</b> A disk that hangs inside fsync hangs the appends of that batch;
 * {@link #close} gives up waiting after 30 s and says so. A segment may pass
 * {@code segmentMaxBytes} by the batch that crossed it. Lines carry no checksum (format v1):
 * damage that still parses as JSON, such as a flipped bit inside a body, goes unnoticed.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int MAX_BATCH_RECORDS = 4096;
    // Lines are copied through one direct buffer: the JDK would otherwise allocate and cache a
    // temporary direct buffer as large as each heap buffer written, per 25 MiB body.
    private static final int WRITE_BUFFER_BYTES = 1 << 20;
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final SpoolLayout layout;
    private final SpoolOptions options;
    private final Clock clock;
    private final SegmentFiles files;
    private final FileLock directoryLock;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final SpoolStats stats = new SpoolStats();
    private final Object enqueueLock = new Object();
    private final Thread writer;
    // No more appends are taken: close() was called, or the writer stopped.
    private volatile boolean closed;
    // Guarded by enqueueLock.
    private boolean closeCalled;

    // Owned by the writer thread only.
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private final List<Stranded> stranded = new ArrayList<>();
    private long lastStrandedRetryMillis;
    private int failureStreak;
    private long nextSequence;
    private OpenSegment openSegment;

    private Spool(SpoolLayout layout, SpoolOptions options, Clock clock, SegmentFiles files,
            FileLock directoryLock, long nextSequence) {
        this.layout = layout;
        this.options = options;
        this.clock = clock;
        this.files = files;
        this.directoryLock = directoryLock;
        this.nextSequence = nextSequence;
        this.writer = new Thread(this::writeLoop, "hookhouse-spool-writer");
        // Not a daemon: the JVM must not end while acknowledged-to-be lines sit in a batch.
        this.writer.setDaemon(false);
    }

    /**
     * Locks the spool directory against other processes, recovers it, then starts the writer.
     *
     * @throws IOException if the directory cannot be created, locked or recovered
     */
    public static Spool open(Path directory, SpoolOptions options, Clock clock)
            throws IOException {
        return open(directory, options, clock, SegmentFiles.SYSTEM);
    }

    static Spool open(Path directory, SpoolOptions options, Clock clock, SegmentFiles files)
            throws IOException {
        SpoolLayout layout = new SpoolLayout(directory).create();
        FileLock lock = layout.lockExclusively();
        Spool spool;
        try {
            SpoolRecovery.run(layout);
            spool = new Spool(layout, options, clock, files, lock,
                    layout.highestSequence() + 1);
        } catch (IOException | RuntimeException notOpened) {
            lock.channel().close();
            throw notOpened;
        }

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

    /** Appends waiting for the writer right now; high values mean a slow disk. */
    public int queuedAppends() {
        return queue.size();
    }

    /** Sealed segments waiting for the loader: one scan of {@code incoming/}. */
    public SpoolBacklog backlog() throws IOException {
        return layout.sealedBacklog(clock.millis());
    }

    /**
     * Appends one record and waits until it is durable.
     *
     * @throws SpoolUnavailableException if it could not be written; nothing was stored
     */
    public void append(SpoolRecord record) throws SpoolUnavailableException {
        Request request = Request.append(record.toLine());
        enqueue(request);
        try {
            // join() waits through interrupts: the caller must learn what really happened.
            request.done.join();
        } catch (CompletionException failed) {
            throw new SpoolUnavailableException("spool write failed", failed.getCause());
        }
    }

    /**
     * Stops taking appends, writes what is queued, seals the open segment, and waits up to 30 s
     * for the writer to finish. Calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (enqueueLock) {
            if (closeCalled) {
                return;
            }
            closeCalled = true;
            closed = true;
            // Wakes the writer without interrupting it: an interrupt would close its channel.
            queue.add(Request.marker());
        }

        try {
            writer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }

        if (writer.isAlive()) {
            // The lock stays: this process still writes. Its exit releases it.
            LOG.error("spool: writer still busy after {} ms (disk hung?); {} appends wait",
                    CLOSE_WAIT_MILLIS, queue.size());
            return;
        }
        releaseDirectoryLock();
        LOG.info("spool: closed {}", layout.root().toAbsolutePath());
    }

    private void releaseDirectoryLock() {
        try {
            directoryLock.channel().close();
        } catch (IOException cannotClose) {
            LOG.warn("spool: could not release the lock of {}: {}", layout.root(),
                    cannotClose.toString());
        }
    }

    /**
     * Lets the writer run one pass now (seal checks included) and waits for it: a test clock
     * moved forward takes effect without waiting for the writer's poll timeout.
     */
    void runWriterPass() throws SpoolUnavailableException {
        Request marker = Request.marker();
        enqueue(marker);
        marker.done.join();
    }

    private void enqueue(Request request) throws SpoolUnavailableException {
        // Same lock as close(): nothing is queued after the writer may have decided to stop.
        synchronized (enqueueLock) {
            if (closed) {
                throw new SpoolUnavailableException("spool is closed");
            }
            queue.add(request);
        }
    }

    private void writeLoop() {
        List<Request> taken = new ArrayList<>();
        try {
            while (!closed || !queue.isEmpty()) {
                runPass(taken);
                taken.clear();
            }
            sealOpenSegment();
            retryStranded();
        } catch (RuntimeException | Error unexpected) {
            LOG.error("spool: writer stopped by {}", unexpected.toString());
        } finally {
            stopTakingRequests(taken);
        }
    }

    private void runPass(List<Request> taken) {
        try {
            takeQueued(taken);
            writeBatch(appendsOf(taken));
            sealIfDue();
        } catch (Throwable unexpected) {
            // Broad on purpose: an Error (out of direct memory, say) must not kill the writer
            // and leave every later caller waiting forever.
            LOG.error("spool: writer pass failed: {}", unexpected.toString());
            failAll(taken, unexpected);
        }
        answerRest(taken);
    }

    /** Markers are done; an append still unanswered here was not written, never acked. */
    private static void answerRest(List<Request> taken) {
        for (Request request : taken) {
            if (request.line == null) {
                request.done.complete(null);
            } else {
                request.done.completeExceptionally(new IOException("append was not written"));
            }
        }
    }

    private void stopTakingRequests(List<Request> taken) {
        synchronized (enqueueLock) {
            closed = true;
        }
        IOException notWritten = new IOException("spool closed before the write");
        failAll(taken, notWritten);
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, notWritten);
    }

    private void takeQueued(List<Request> taken) {
        try {
            Request first = queue.poll(pollTimeoutMillis(), TimeUnit.MILLISECONDS);
            if (first != null) {
                taken.add(first);
                queue.drainTo(taken, MAX_BATCH_RECORDS - 1);
            }
        } catch (InterruptedException unexpected) {
            LOG.warn("spool: writer interrupted; it keeps running until close()");
        }
    }

    private static List<Request> appendsOf(List<Request> taken) {
        List<Request> appends = new ArrayList<>(taken.size());
        for (Request request : taken) {
            if (request.line != null) {
                appends.add(request);
            }
        }
        return appends;
    }

    private long pollTimeoutMillis() {
        long timeout = options.sealAfterMillis();
        if (openSegment != null) {
            long dueAt = openSegment.openedAtMillis + options.sealAfterMillis();
            timeout = Math.min(timeout, dueAt - clock.millis());
        }
        return Math.max(1, timeout);
    }

    private void writeBatch(List<Request> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        OpenSegment segment = null;
        try {
            segment = openSegmentForWrite();
            long bytes = writeLines(segment.channel, batch);
            if (options.fsync()) {
                segment.channel.force(false);
            }

            segment.size += bytes;
            stats.openSegmentBytes(segment.size);
            stats.batchWritten(batch.size(), bytes, System.nanoTime() - started, clock.millis());
            endFailureStreak();
            for (Request request : batch) {
                request.done.complete(null);
            }
        } catch (Throwable failure) {
            // Broad on purpose, see runPass: every waiter of this batch gets its answer.
            // Cut back first, so that an error answer means the bytes are already gone.
            logFailure(batch.size(), failure);
            retireAfterFailure(segment);
            stats.batchFailed(batch.size(), clock.millis());
            failAll(batch, failure);
        }
    }

    /** ERROR once when writes start failing, not once per batch while the disk is full. */
    private void logFailure(int records, Throwable failure) {
        failureStreak++;
        if (failureStreak == 1) {
            LOG.error("spool: batch of {} records failed, callers get an error: {}",
                    records, failure.toString());
        } else {
            LOG.debug("spool: batch of {} records failed ({} in a row): {}",
                    records, failureStreak, failure.toString());
        }
    }

    private void endFailureStreak() {
        if (failureStreak > 0) {
            LOG.warn("spool: writes succeed again after {} failed batches", failureStreak);
            failureStreak = 0;
        }
    }

    private long writeLines(FileChannel channel, List<Request> batch) throws IOException {
        long total = 0;
        writeBuffer.clear();
        for (Request request : batch) {
            byte[] line = request.line;
            int copied = 0;
            while (copied < line.length) {
                if (!writeBuffer.hasRemaining()) {
                    drainWriteBuffer(channel);
                }
                int chunk = Math.min(writeBuffer.remaining(), line.length - copied);
                writeBuffer.put(line, copied, chunk);
                copied += chunk;
            }
            total += line.length;
        }
        drainWriteBuffer(channel);
        return total;
    }

    private void drainWriteBuffer(FileChannel channel) throws IOException {
        writeBuffer.flip();
        while (writeBuffer.hasRemaining()) {
            channel.write(writeBuffer);
        }
        writeBuffer.clear();
    }

    /** A segment that saw a failed batch is cut back to its acked bytes and sealed. */
    private void retireAfterFailure(OpenSegment segment) {
        if (segment == null || segment != openSegment) {
            return;
        }
        LOG.warn("spool: cutting {} back to byte {} and sealing it after the failure",
                segment.path.getFileName(), segment.size);
        sealOpenSegment();
    }

    private OpenSegment openSegmentForWrite() throws IOException {
        if (openSegment != null) {
            return openSegment;
        }
        long sequence = nextSequence++;
        Path path = layout.incoming().resolve(SpoolLayout.fileName(sequence, SpoolLayout.OPEN));
        FileChannel channel = files.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            // The file's directory entry must be durable before any line in it is acked.
            files.fsyncDirectory(layout.incoming());
        } catch (IOException directoryNotForced) {
            abandonNewSegment(path, channel, directoryNotForced);
            throw directoryNotForced;
        }
        openSegment = new OpenSegment(path, channel, clock.millis());
        LOG.debug("spool: opened segment {}", path.getFileName());
        return openSegment;
    }

    private static void abandonNewSegment(Path path, FileChannel channel, IOException cause) {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException cannotRemove) {
            // An empty .open file left behind is removed by the next start's recovery.
            cause.addSuppressed(cannotRemove);
        }
    }

    private void sealIfDue() {
        long now = clock.millis();
        OpenSegment segment = openSegment;
        if (segment != null) {
            long ageMillis = now - segment.openedAtMillis;
            boolean old = ageMillis >= options.sealAfterMillis() || ageMillis < 0;
            boolean full = segment.size >= options.segmentMaxBytes();
            if (old || full) {
                sealOpenSegment();
            }
        }

        if (!stranded.isEmpty() && now - lastStrandedRetryMillis >= options.sealAfterMillis()) {
            lastStrandedRetryMillis = now;
            retryStranded();
        }
    }

    /** Cuts the open segment to its acked bytes, forces it, and seals it. */
    private void sealOpenSegment() {
        OpenSegment segment = openSegment;
        if (segment == null) {
            return;
        }
        openSegment = null;
        stats.openSegmentBytes(0);
        try (FileChannel channel = segment.channel) {
            // A no-op unless a failed batch left bytes past the last acked one.
            channel.truncate(segment.size);
            channel.force(true);
        } catch (IOException | RuntimeException cannotCut) {
            strand(segment.path, segment.size, cannotCut);
            return;
        }
        finishSeal(segment.path, segment.size);
    }

    /** Renames a forced, cut segment to {@code .sealed}, or removes it if it holds nothing. */
    private void finishSeal(Path open, long size) {
        Path sealed = SpoolLayout.sealedNameOf(open);
        try {
            if (size == 0) {
                Files.delete(open);
            } else {
                Files.move(open, sealed, StandardCopyOption.ATOMIC_MOVE);
                stats.segmentSealed(clock.millis());
                LOG.debug("spool: sealed {} ({} bytes)", sealed.getFileName(), size);
            }
        } catch (IOException | RuntimeException cannotRename) {
            strand(open, size, cannotRename);
            return;
        }

        try {
            files.fsyncDirectory(layout.incoming());
        } catch (IOException | RuntimeException notDurableYet) {
            LOG.warn("spool: sealed {} but could not fsync {}; the next fsync of it makes the "
                    + "name durable, a power loss before that brings back {} for recovery: {}",
                    sealed.getFileName(), layout.incoming(), open.getFileName(),
                    notDurableYet.toString());
        }
    }

    private void strand(Path open, long goodSize, Exception cause) {
        stranded.add(new Stranded(open, goodSize));
        lastStrandedRetryMillis = clock.millis();
        stats.strandedSegments(stranded.size());
        LOG.error("spool: cannot seal {} (keeping its first {} bytes); retrying every {} ms, "
                + "or at the next start: {}", open.getFileName(), goodSize,
                options.sealAfterMillis(), cause.toString());
    }

    private void retryStranded() {
        Iterator<Stranded> pending = stranded.iterator();
        while (pending.hasNext()) {
            Stranded segment = pending.next();
            try (FileChannel channel = files.open(segment.path, StandardOpenOption.WRITE)) {
                channel.truncate(segment.goodSize);
                channel.force(true);
            } catch (NoSuchFileException gone) {
                LOG.error("spool: stranded segment {} has disappeared", segment.path);
                pending.remove();
                continue;
            } catch (IOException | RuntimeException stillFailing) {
                LOG.warn("spool: stranded segment {} still cannot be cut: {}",
                        segment.path.getFileName(), stillFailing.toString());
                continue;
            }
            pending.remove();
            finishSeal(segment.path, segment.goodSize);
        }
        stats.strandedSegments(stranded.size());
    }

    private static void failAll(List<Request> requests, Throwable cause) {
        for (Request request : requests) {
            request.done.completeExceptionally(cause);
        }
    }

    /** One queued line and its outcome; a request without a line only asks for a pass. */
    private static final class Request {
        final byte[] line;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        private Request(byte[] line) {
            this.line = line;
        }

        static Request append(byte[] line) {
            return new Request(line);
        }

        static Request marker() {
            return new Request(null);
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

    /** A segment whose cut or seal failed; {@code goodSize} bytes of it were acknowledged. */
    private record Stranded(Path path, long goodSize) {
    }
}
