package dev.hookhouse.spool;

/**
 * Sealed segments waiting for the loader, as one directory scan saw them.
 *
 * @param sealedSegments how many {@code .sealed} files are in {@code incoming/}
 * @param sealedBytes their total size in bytes
 * @param oldestSealedAgeMillis how long ago the oldest of them was last written (its
 *     modification time against the spool's clock), or -1 when there is none
 */
public record SpoolBacklog(int sealedSegments, long sealedBytes, long oldestSealedAgeMillis) {
}
