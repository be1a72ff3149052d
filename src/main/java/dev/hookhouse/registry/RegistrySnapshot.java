package dev.hookhouse.registry;

import java.util.Map;

/**
 * The registry as read at the start of one loader run. Changes made with the CLI while a run is
 * going take effect at the next run.
 */
public record RegistrySnapshot(
        Map<String, TokenEntry> tokensByKey,
        Map<Long, PipelineEntry> pipelinesById) {
}
