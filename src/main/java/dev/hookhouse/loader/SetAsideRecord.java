package dev.hookhouse.loader;

import dev.hookhouse.spool.SpoolRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A record the loader set aside, as one line of a rejected or dead-letter file.
 *
 * <pre>
 * {"reason":"TOKEN_MISMATCH","detail":"the token sent does not match key 3f1c…",
 *  "time":"2025-01-02T03:04:05Z","segment":"00000000000000000041.sealed",
 *  "record":{"v":1,"id":"qwertyuiopasdfghjklz","ts":1577015690.3118637,…}}
 * </pre>
 *
 * <table>
 *   <caption>Set-aside line fields</caption>
 *   <tr><th>field</th><th>when</th><th>meaning</th></tr>
 *   <tr><td>reason</td><td>always</td><td>a {@link RejectReason} name</td></tr>
 *   <tr><td>detail</td><td>always</td><td>why, in words; the database's error for
 *       {@code WAREHOUSE_REFUSED}</td></tr>
 *   <tr><td>time</td><td>always</td><td>when it was set aside, ISO-8601 UTC</td></tr>
 *   <tr><td>segment</td><td>always</td><td>file name of the segment it came from</td></tr>
 *   <tr><td>table</td><td>dead-letter</td><td>the table the row was meant for</td></tr>
 *   <tr><td>record</td><td>a parsed record</td><td>the spool line, unchanged: it holds the
 *       token's hash, never the token, and can be appended to a segment to replay it</td></tr>
 *   <tr><td>byte_offset, line_base64</td><td>{@code CORRUPT_LINE}</td><td>where the line was
 *       and its exact bytes</td></tr>
 * </table>
 *
 * @param table null unless the warehouse refused the row
 * @param record null for a corrupt line
 * @param byteOffset -1 unless a corrupt line
 * @param rawLine null unless a corrupt line
 */
public record SetAsideRecord(
        RejectReason reason,
        String detail,
        Instant time,
        String segment,
        String table,
        SpoolRecord record,
        long byteOffset,
        byte[] rawLine) {

    public static SetAsideRecord rejected(Rejection rejection, Instant time, String segment,
            SpoolRecord record) {
        return new SetAsideRecord(rejection.reason(), rejection.detail(), time, segment, null,
                record, -1, null);
    }

    public static SetAsideRecord corruptLine(String problem, Instant time, String segment,
            long byteOffset, byte[] rawLine) {
        return new SetAsideRecord(RejectReason.CORRUPT_LINE, problem, time, segment, null,
                null, byteOffset, rawLine);
    }

    public static SetAsideRecord refused(String error, String table, Instant time,
            String segment, SpoolRecord record) {
        return new SetAsideRecord(RejectReason.WAREHOUSE_REFUSED, error, time, segment, table,
                record, -1, null);
    }

    /** The record's line without its newline, for embedding as a JSON value. */
    String recordJson() {
        byte[] line = record.toLine();
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    String rawLineBase64() {
        return Base64.getEncoder().encodeToString(rawLine);
    }
}
