package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.testing.TestClock;
import dev.hookhouse.warehouse.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRetentionTest {

    private static final Instant NOW = Instant.parse("2025-06-08T12:00:00Z");

    @TempDir
    Path temp;

    private Path archived(SpoolLayout layout, long sequence, Duration age) throws Exception {
        Path file = layout.archive().resolve(SpoolLayout.fileName(sequence, SpoolLayout.LOADED));
        Files.writeString(file, "{}\n");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }

    @Test
    void onlyLoadedSegmentsPastRetentionAreDeleted() throws Exception {
        SpoolLayout layout = new SpoolLayout(temp).create();
        Path old = archived(layout, 1, Duration.ofHours(169));
        Path recent = archived(layout, 2, Duration.ofHours(167));
        Path notASegment = layout.archive().resolve("notes.txt");
        Files.writeString(notASegment, "keep me");
        Files.setLastModifiedTime(notASegment, FileTime.from(NOW.minus(Duration.ofDays(30))));

        ArchiveRetention.Purge purge =
                ArchiveRetention.purge(layout, Duration.ofHours(168), NOW);

        assertEquals(1, purge.deleted());
        assertTrue(purge.failed().isEmpty());
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent));
        assertTrue(Files.exists(notASegment));
    }

    @Test
    void theLoaderStampsTheLoadTimeSoRetentionCountsFromTheLoad() throws Exception {
        TestClock clock = new TestClock(NOW);
        SpoolLayout layout = new SpoolLayout(temp.resolve("spool")).create();
        TestRegistry registry = new TestRegistry();
        TestRegistry.Credentials sender = registry.createToken("sender");
        registry.createPipeline(1, "t");
        SpoolFixture.writeSegment(layout.root(), clock, List.of(
                SpoolFixture.record(1, 1, sender.key(), sender.token(), "{}")));
        DuckDbWarehouse warehouse = new DuckDbWarehouse("jdbc:duckdb:" + temp.resolve("w.db"));
        Loader loader = new Loader(layout, registry, warehouse,
                new LoaderOptions(Duration.ofHours(1), 1_000, 1_000, 10_000), clock);

        assertEquals(1, loader.runOnce().segmentsLoaded());
        Path archived = layout.archive().resolve(SpoolLayout.fileName(1, SpoolLayout.LOADED));

        assertEquals(NOW, Files.getLastModifiedTime(archived).toInstant());
        clock.advance(Duration.ofMinutes(61));
        loader.runOnce();
        assertFalse(Files.exists(archived));
    }
}
