package dev.hookhouse.http;

import java.util.Arrays;

/**
 * A growing byte array that refuses to grow past a limit, so a body is measured while it is
 * collected and never buffered beyond what would be accepted. Not thread-safe.
 */
final class BoundedBuffer {

    private static final int FIRST_CAPACITY = 8 * 1024;
    private static final int MAX_FIRST_CAPACITY = 64 * 1024;

    private final long limitBytes;
    private final int firstCapacity;
    private byte[] bytes;
    private int size;

    /**
     * @param expectedBytes a size hint (Content-Length, 0 if unknown). Only up to
     *                      {@value #MAX_FIRST_CAPACITY} bytes are reserved on its word, and
     *                      nothing before the first byte arrives: a sender that declares
     *                      25 MiB and trickles must not make us hold 25 MiB.
     */
    BoundedBuffer(long limitBytes, long expectedBytes) {
        this.limitBytes = Math.min(limitBytes, Integer.MAX_VALUE - 8);
        this.firstCapacity = (int) Math.min(expectedBytes > 0
                ? Math.min(expectedBytes, MAX_FIRST_CAPACITY) : FIRST_CAPACITY, this.limitBytes);
        this.bytes = new byte[0];
    }

    /** Appends, or returns false (keeping nothing of this chunk) if the limit would be passed. */
    boolean append(byte[] chunk, int offset, int length) {
        if (size + (long) length > limitBytes) {
            return false;
        }
        ensureCapacity(size + length);
        System.arraycopy(chunk, offset, bytes, size, length);
        size += length;
        return true;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensureCapacity(int needed) {
        if (needed <= bytes.length) {
            return;
        }
        long doubled = Math.min(Math.max((long) bytes.length * 2, firstCapacity), limitBytes);
        bytes = Arrays.copyOf(bytes, (int) Math.max(needed, doubled));
    }
}
