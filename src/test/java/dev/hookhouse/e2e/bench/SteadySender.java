package dev.hookhouse.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts small JSON webhooks at a steady rate, the way a quiet production sender does, and
 * notes when each request id was acknowledged. Requests start on a fixed schedule and run on
 * a pool, so one slow answer does not delay the next request.
 */
final class SteadySender {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT_LIMIT = 16;

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, Long> ackNanosById = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    SteadySender(URI url) {
        this.url = url;
    }

    /** Posts {@code perSecond} requests a second for {@code duration}, then waits for all. */
    void run(int perSecond, Duration duration) throws InterruptedException {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT_LIMIT);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        clock.scheduleAtFixedRate(() -> senders.submit(this::postOne), 0, periodNanos,
                TimeUnit.NANOSECONDS);

        Thread.sleep(duration.toMillis());
        clock.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
    }

    private void postOne() {
        String body = "{\"event\":\"tick\",\"n\":" + sequence.incrementAndGet() + "}";
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString());
            long answeredNanos = System.nanoTime();
            if (response.statusCode() != 200) {
                failures.incrementAndGet();
                return;
            }
            String id = JSON.readTree(response.body()).path("data").path("__kdd_request_id")
                    .asText();
            ackNanosById.put(id, answeredNanos);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception lost) {
            failures.incrementAndGet();
        }
    }

    /** When each acknowledged id got its 200, in {@link System#nanoTime()} terms. */
    Map<String, Long> ackNanosById() {
        return ackNanosById;
    }

    long failures() {
        return failures.get();
    }
}
