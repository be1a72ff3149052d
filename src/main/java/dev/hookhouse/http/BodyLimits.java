package dev.hookhouse.http;

/**
 * How many bytes a body may have, on the wire and after decoding.
 *
 * <p>The contract measures the decoded body: {@code maxBodyBytes} bounds what is stored. The
 * bytes on the wire are bounded too, so nothing is buffered without limit before decoding. An
 * identity body is the same on both sides. A compressed one may be slightly larger than what
 * it decodes to when its content does not compress (deflate's stored blocks add 5 bytes per
 * 64 KiB; gzip adds a header and trailer), so it gets a slack of 1/1024 of the limit plus 1 KiB.
 *
 * @param maxBodyBytes the largest decoded body accepted
 */
record BodyLimits(long maxBodyBytes) {

    private static final long FIXED_SLACK_BYTES = 1024;

    /** The most bytes read from the wire for a body with this encoding. */
    long maxWireBytes(ContentEncoding encoding) {
        if (encoding == ContentEncoding.IDENTITY) {
            return maxBodyBytes;
        }
        return maxBodyBytes + maxBodyBytes / 1024 + FIXED_SLACK_BYTES;
    }
}
