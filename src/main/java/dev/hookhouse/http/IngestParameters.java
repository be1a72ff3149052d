package dev.hookhouse.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The three query parameters of a webhook URL, checked in the contract's order: first whether
 * any is there at all, then each for absence (empty counts as absent), then each for form. The
 * first failure wins, so a sender always fixes the first thing named.
 *
 * <p>Credentials are not checked here, only their form; the loader authenticates them later.
 *
 * @param pipelineId a positive decimal of at most 18 digits, without leading zeros
 * @param key a UUID in canonical 8-4-4-4-12 form; hex of any case is accepted and the key is
 *            kept lower case, so the loader compares one spelling
 * @param token 16 to 256 ASCII letters and digits
 */
public record IngestParameters(long pipelineId, String key, String token) {

    static final String PIPELINE_ID = "pipeline_id";
    static final String KEY = "key";
    static final String TOKEN = "token";

    private static final List<String> IN_ORDER = List.of(PIPELINE_ID, KEY, TOKEN);

    private static final Pattern PIPELINE_ID_FORM = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern KEY_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TOKEN_FORM = Pattern.compile("[A-Za-z0-9]{16,256}");

    /** Reads the parameters from a raw query string, or says which one is wrong. */
    static IngestParameters from(QueryString query) throws RequestRejected {
        if (IN_ORDER.stream().noneMatch(query::has)) {
            throw RequestRejected.because(IngestError.NO_PARAMETERS_PROVIDED);
        }

        for (String name : IN_ORDER) {
            if (isMissing(query.values(name))) {
                throw RequestRejected.becauseOf(IngestError.MISSING_PARAMETER, name);
            }
        }

        String pipelineId = single(query, PIPELINE_ID, PIPELINE_ID_FORM);
        String key = single(query, KEY, KEY_FORM);
        String token = single(query, TOKEN, TOKEN_FORM);
        return new IngestParameters(Long.parseLong(pipelineId), key.toLowerCase(Locale.ROOT),
                token);
    }

    /** Absent, or every value given is empty: nothing to check the form of. */
    private static boolean isMissing(List<String> values) {
        return values.stream().allMatch(value -> value != null && value.isEmpty());
    }

    private static String single(QueryString query, String name, Pattern form)
            throws RequestRejected {
        List<String> values = query.values(name);
        String value = values.get(0);
        if (values.size() > 1 || value == null || !form.matcher(value).matches()) {
            throw RequestRejected.becauseOf(IngestError.INVALID_PARAMETER, name);
        }
        return value;
    }

    /** Never prints the token, so a record in a log or an assertion message cannot leak it. */
    @Override
    public String toString() {
        return "IngestParameters[pipelineId=" + pipelineId + ", key=" + key + ", token=****]";
    }
}
