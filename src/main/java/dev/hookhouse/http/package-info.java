/**
 * The HTTP edge: the webhook endpoint senders post to. It checks a request, makes it durable in
 * the spool and only then answers 200; it does not authenticate (the loader does, later).
 *
 * <p><b>Pieces.</b> {@link dev.hookhouse.http.IngestEngine} (platform-http's engine, with
 * {@link dev.hookhouse.http.IngestReader} run on the event loop before each exchange) and
 * {@link dev.hookhouse.http.IngestProcessor} (the route's bean, on a worker thread) are the
 * classes that know Camel; {@link dev.hookhouse.http.IngestHandler} runs the checks in the
 * contract's order, in those two halves; {@code IncomingBody} reads the body from the raw
 * Vert.x request without holding a thread; the rest are plain classes:
 * {@code QueryString} and {@link dev.hookhouse.http.IngestParameters} (the query),
 * {@code BodyFormat} and {@code ContentEncoding} (the headers), {@code BodyDecompression},
 * {@code JsonBody}, {@code FormBody} and {@code StoredBody} (the body), {@code RequestStamp}
 * and {@link dev.hookhouse.http.IngestResponse} (the answer).
 * {@link dev.hookhouse.http.QueryEscapeRepair} sits in front of platform-http on the Vert.x
 * router.
 *
 * <table>
 *   <caption>Answers; every one has the body {@code {"success": false, "error": "<CODE>"}}
 *   except 200, and {@code Content-Type: application/json}</caption>
 *   <tr><th>status</th><th>code</th><th>when</th></tr>
 *   <tr><td>200</td><td></td><td>stored durably; body has the request id and timestamp;
 *       {@code HEAD /} also gets 200, with no body, storing nothing</td></tr>
 *   <tr><td>400</td><td>NO_PARAMETERS_PROVIDED</td><td>none of pipeline_id, key,
 *       token</td></tr>
 *   <tr><td>400</td><td>MISSING_PARAMETER: name</td><td>absent or empty</td></tr>
 *   <tr><td>400</td><td>INVALID_PARAMETER: name</td><td>malformed or given twice</td></tr>
 *   <tr><td>400</td><td>NO_BODY_PROVIDED</td><td>empty or only whitespace</td></tr>
 *   <tr><td>400</td><td>INVALID_BODY</td><td>not one JSON value in UTF-8; a form or gzip
 *       that does not decode</td></tr>
 *   <tr><td>404</td><td>NOT_FOUND</td><td>any path but {@code /}</td></tr>
 *   <tr><td>405</td><td>METHOD_NOT_ALLOWED</td><td>not POST or HEAD; with
 *       {@code Allow: POST, HEAD}</td></tr>
 *   <tr><td>408</td><td>BODY_TIMEOUT</td><td>body not complete within
 *       hookhouse.http.body-timeout-ms</td></tr>
 *   <tr><td>413</td><td>BODY_TOO_LARGE</td><td>decoded body over
 *       hookhouse.http.max-body-bytes</td></tr>
 *   <tr><td>415</td><td>UNSUPPORTED_MEDIA_TYPE</td><td>see {@code BodyFormat}</td></tr>
 *   <tr><td>415</td><td>UNSUPPORTED_CONTENT_ENCODING</td><td>not identity, gzip,
 *       deflate</td></tr>
 *   <tr><td>500</td><td>INTERNAL_ERROR</td><td>a fault in Hookhouse; nothing stored</td></tr>
 *   <tr><td>503</td><td>SPOOL_UNAVAILABLE</td><td>the spool could not write; with
 *       {@code Retry-After: hookhouse.spool.retry-after-seconds}</td></tr>
 * </table>
 *
 * <p><b>Connections.</b> An answer given before the body was read closes an HTTP/1.x
 * connection (after draining the rest of the body for up to two seconds) and resets only the
 * request's stream on HTTP/2, which Vert.x also serves over plain TCP (h2c).
 *
 * <p><b>Known limits.</b> Requests Vert.x itself refuses before any route runs get its bare
 * answers, not JSON: a request line over 4096 bytes (414), headers over 8 KiB (431), broken
 * framing such as two Content-Length headers (400), and a target that is not a path such as
 * {@code OPTIONS *} (404). A body still arriving holds no thread, only its connection and the
 * bytes sent so far (at most hookhouse.http.max-body-bytes); read whole, it waits for one of
 * hookhouse.http.worker-threads, which decodes it (three to four times its size in memory) and
 * waits for the spool to force it to disk. Every body held, arriving or waiting, counts against
 * hookhouse.http.max-buffered-bytes ({@code BodyBudget}). Refusals are answered through the
 * worker pool too.
 */
package dev.hookhouse.http;
