package dev.hookhouse.cli;

import dev.hookhouse.config.HookhouseConfig;

/** The URL a sender posts to, built on {@code hookhouse.public-url}. */
final class WebhookUrl {

    static final String KEY_PLACEHOLDER = "<KEY>";
    static final String TOKEN_PLACEHOLDER = "<TOKEN>";

    private WebhookUrl() {
    }

    /**
     * The webhook URL with these values; the CLI passes placeholders for what it does not know.
     * The values are letters, digits, hyphens or placeholders, so nothing needs escaping.
     */
    static String of(HookhouseConfig settings, String pipelineId, String key, String token) {
        String base = settings.publicUrl();
        String separator = base.contains("?") ? "&" : "?";
        return base + separator + "pipeline_id=" + pipelineId + "&key=" + key
                + "&token=" + token;
    }
}
