package dev.hookhouse.loader;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads and sorts the next segment of a run on a second thread while the warehouse loads the
 * current one: parsing a segment costs about as much as loading it, and the database works on
 * its own threads (or, for PostgreSQL, in its own process), so the two overlap on two cores.
 *
 * <p>Only reading is done ahead, never anything that changes a file: a segment is still
 * rejected, loaded, dead-lettered and archived strictly in order, one at a time, so the crash
 * guarantees of {@link Loader} are unchanged. At most two segments are in memory at once, the
 * one loading and the next. A failed read surfaces when its segment's turn comes, exactly as it
 * would have without reading ahead; whatever was read ahead when a run stops is dropped.
 */
final class ReadAhead implements AutoCloseable {

    /** Reads one segment; the loader's own read and sort. */
    interface SegmentSorter {
        SortedSegment sort(Path segment) throws IOException;
    }

    private final List<Path> segments;
    private final SegmentSorter sorter;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread reader = new Thread(runnable, "hookhouse-loader-read-ahead");
        reader.setDaemon(true);
        return reader;
    });
    private Future<SortedSegment> next;
    private int nextIndex;

    ReadAhead(List<Path> segments, SegmentSorter sorter) {
        this.segments = segments;
        this.sorter = sorter;
        submitNext();
    }

    /** The next segment in order, read and sorted; starts reading the one after it. */
    SortedSegment take() throws IOException {
        Future<SortedSegment> current = next;
        submitNext();
        try {
            return current.get();
        } catch (ExecutionException failed) {
            throw rethrown(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a segment");
        }
    }

    private void submitNext() {
        if (nextIndex >= segments.size()) {
            next = null;
            return;
        }
        Path segment = segments.get(nextIndex++);
        next = thread.submit(() -> sorter.sort(segment));
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    /** Drops what was read ahead and not taken; the thread ends once its read is done. */
    @Override
    public void close() {
        if (next != null) {
            next.cancel(true);
        }
        thread.shutdownNow();
    }
}
