package dev.hookhouse.http;

import java.util.List;
import java.util.Locale;

/**
 * How a body is read, from its {@code Content-Type}.
 *
 * <table>
 *   <caption>Media types</caption>
 *   <tr><th>Content-Type</th><th>read as</th><th>why</th></tr>
 *   <tr><td>(none, or empty)</td><td>JSON</td><td>many senders set no type</td></tr>
 *   <tr><td>application/json</td><td>JSON</td><td>the usual case</td></tr>
 *   <tr><td>application/*+json</td><td>JSON</td><td>e.g. application/cloudevents+json,
 *       application/vnd.github+json</td></tr>
 *   <tr><td>text/json</td><td>JSON</td><td>an old alias still in use</td></tr>
 *   <tr><td>text/plain</td><td>JSON</td><td>AWS SNS posts its JSON as text/plain</td></tr>
 *   <tr><td>application/x-www-form-urlencoded</td><td>FORM</td><td>Slack, Twilio, GitHub's
 *       form mode</td></tr>
 *   <tr><td>anything else</td><td>415</td><td>multipart, XML and binary bodies cannot be
 *       stored as a JSON value</td></tr>
 * </table>
 *
 * <p>Parameters are ignored for JSON (RFC 8259: JSON on the wire is UTF-8, whatever a
 * {@code charset} says; a body that is not UTF-8 is INVALID_BODY). A form may only declare a
 * UTF-8 or US-ASCII charset, since its escaped bytes are decoded as UTF-8.
 */
enum BodyFormat {

    JSON,
    FORM;

    static BodyFormat of(List<String> headerValues) throws RequestRejected {
        if (headerValues.size() > 1) {
            throw RequestRejected.because(IngestError.UNSUPPORTED_MEDIA_TYPE);
        }
        String header = headerValues.isEmpty() ? "" : headerValues.get(0);
        if (header.isBlank()) {
            return JSON;
        }

        String[] parts = header.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (isJson(mediaType)) {
            return JSON;
        }
        if (mediaType.equals("application/x-www-form-urlencoded") && isUtf8Form(parts)) {
            return FORM;
        }
        throw RequestRejected.because(IngestError.UNSUPPORTED_MEDIA_TYPE);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json")
                || mediaType.equals("text/json")
                || mediaType.equals("text/plain")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    private static boolean isUtf8Form(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            String name = parameter[0].strip().toLowerCase(Locale.ROOT);
            if (name.equals("charset") && !isUtf8Compatible(unquote(parameter))) {
                return false;
            }
        }
        return true;
    }

    private static String unquote(String[] parameter) {
        if (parameter.length < 2) {
            return "";
        }
        String value = parameter[1].strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean isUtf8Compatible(String charset) {
        return charset.equals("utf-8") || charset.equals("utf8") || charset.equals("us-ascii");
    }
}
