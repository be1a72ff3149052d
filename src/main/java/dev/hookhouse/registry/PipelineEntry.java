package dev.hookhouse.registry;

import java.time.Instant;

/** A pipeline: the numeric id senders use, and the warehouse table its rows go to. */
public record PipelineEntry(
        long id,
        String name,
        String table,
        boolean enabled,
        Instant createdAt) {
}
