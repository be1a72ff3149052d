package dev.hookhouse.e2e;

import dev.hookhouse.ops.Scrape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child server's JVM seen from outside: its metrics, and what its heap holds once garbage is
 * collected: its live objects, the number a
 * leak makes grow. A full collection is asked of the child with {@code jcmd <pid> GC.run}, then
 * the heap pools are read from its own Prometheus metrics. Eden is left out: it is empty right
 * after the collection and refills at once with the scrape's own garbage.
 *
 * <p>The process's resident size is no measure here: the JVM keeps the heap it once grew to,
 * and DuckDB's native buffers, in the same process, come and go with every load.
 */
final class ChildJvm {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ChildJvm() {
    }

    /** Bytes of the heap's live objects: the heap after a full collection, Eden left out. */
    static long liveHeapBytes(Process child, int managementPort)
            throws IOException, InterruptedException {
        collectGarbage(child);

        return Math.round(scrape(managementPort).samples().stream()
                .filter(sample -> sample.name().equals("jvm_memory_used_bytes"))
                .filter(sample -> "heap".equals(sample.labels().get("area")))
                .filter(sample -> !sample.labels().getOrDefault("id", "").contains("Eden"))
                .mapToDouble(Scrape.Sample::value).sum());
    }

    static Scrape scrape(int managementPort) throws IOException, InterruptedException {
        URI metrics = URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics");
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(metrics)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("metrics answered " + answer.statusCode());
        }
        return Scrape.parse(answer.body());
    }

    private static void collectGarbage(Process child) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), "GC.run")
                .redirectErrorStream(true).start();
        String printed = new String(gc.getInputStream().readAllBytes());
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IOException("jcmd GC.run failed: " + printed);
        }
    }
}
