package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that fails on request, under a real spool: every channel wraps a real FileChannel on
 * a real file, and a fault is armed for the next operation of its kind, whichever segment it
 * hits. Counts what the spool asked of the disk.
 */
final class FaultySegmentFiles implements SegmentFiles {

    private final AtomicLong writeBudgetBytes = new AtomicLong(-1);
    private final AtomicBoolean diskFull = new AtomicBoolean();
    private final AtomicBoolean errorOnNextWrite = new AtomicBoolean();
    private final AtomicInteger dataForceFailures = new AtomicInteger();
    private final AtomicInteger truncateFailures = new AtomicInteger();
    private final AtomicInteger directoryFsyncFailures = new AtomicInteger();
    private final AtomicInteger dataForces = new AtomicInteger();
    private final AtomicInteger directoryFsyncs = new AtomicInteger();
    private volatile CountDownLatch dataForceGate;
    private final CountDownLatch dataForceHeld = new CountDownLatch(1);

    /** The next write that goes past {@code bytes} more bytes writes up to them, then fails. */
    void failWriteAfterBytes(long bytes) {
        writeBudgetBytes.set(bytes);
    }

    /** Every write fails with ENOSPC until {@code full} is false again. */
    void diskFull(boolean full) {
        diskFull.set(full);
    }

    /** The next write throws an Error instead of an IOException. */
    void throwErrorOnNextWrite() {
        errorOnNextWrite.set(true);
    }

    /** The next data force ({@code force(false)}, a batch's fsync) fails. */
    void failNextDataForce() {
        dataForceFailures.incrementAndGet();
    }

    void failNextTruncate() {
        truncateFailures.incrementAndGet();
    }

    void failNextDirectoryFsync() {
        directoryFsyncFailures.incrementAndGet();
    }

    /** Data forces wait until the returned latch is released: a slow disk. */
    CountDownLatch holdDataForces() {
        CountDownLatch gate = new CountDownLatch(1);
        dataForceGate = gate;
        return gate;
    }

    /** Waits until a data force is waiting at the gate of {@link #holdDataForces}. */
    void awaitDataForceHeld() throws InterruptedException {
        if (!dataForceHeld.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no data force reached the gate");
        }
    }

    int dataForces() {
        return dataForces.get();
    }

    int directoryFsyncs() {
        return directoryFsyncs.get();
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return new FaultyChannel(FileChannel.open(file, options));
    }

    @Override
    public void fsyncDirectory(Path directory) throws IOException {
        if (takeOne(directoryFsyncFailures)) {
            throw new IOException("Input/output error (injected directory fsync failure)");
        }
        SpoolLayout.fsyncDirectory(directory);
        directoryFsyncs.incrementAndGet();
    }

    private static boolean takeOne(AtomicInteger armed) {
        return armed.getAndUpdate(count -> Math.max(0, count - 1)) > 0;
    }

    private final class FaultyChannel extends FileChannel {
        private final FileChannel real;

        FaultyChannel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            if (errorOnNextWrite.getAndSet(false)) {
                throw new OutOfMemoryError("Direct buffer memory (injected)");
            }
            if (diskFull.get()) {
                throw new IOException("No space left on device (injected)");
            }
            long budget = writeBudgetBytes.get();
            if (budget >= 0 && source.remaining() > budget) {
                writeBudgetBytes.set(-1);
                writePart(source, (int) budget);
                throw new IOException("No space left on device (injected after "
                        + budget + " bytes)");
            }
            if (budget >= 0) {
                writeBudgetBytes.addAndGet(-source.remaining());
            }
            return real.write(source);
        }

        private void writePart(ByteBuffer source, int bytes) throws IOException {
            ByteBuffer part = source.slice();
            part.limit(bytes);
            while (part.hasRemaining()) {
                real.write(part);
            }
            source.position(source.position() + bytes);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                while (sources[i].hasRemaining()) {
                    written += write(sources[i]);
                }
            }
            return written;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (!metaData) {
                awaitGate();
                if (takeOne(dataForceFailures)) {
                    throw new IOException("Input/output error (injected fsync failure)");
                }
                dataForces.incrementAndGet();
            }
            real.force(metaData);
        }

        private void awaitGate() throws IOException {
            CountDownLatch gate = dataForceGate;
            if (gate == null) {
                return;
            }
            dataForceHeld.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test gate was never released");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the test gate", interrupted);
            }
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (takeOne(truncateFailures)) {
                throw new IOException("Input/output error (injected truncate failure)");
            }
            real.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return real.read(target);
        }

        @Override
        public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
            return real.read(targets, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target)
                throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count)
                throws IOException {
            return real.transferFrom(source, position, count);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return real.read(target, position);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            throw new UnsupportedOperationException("the spool only appends");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("the spool does not map segments");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
