package dev.hookhouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts JSON bodies from several threads and remembers every request id that got a 200, with
 * the body it acknowledged, so a test can compare what was acknowledged with what was stored. Bounded: it stops when told to,
 * or at the latest after {@code maxDuration}.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong nonOkAnswers = new AtomicLong();
    private final Map<String, AtomicLong> nonOkByAnswer = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final long deadlineNanos;

    public LoadGenerator(URI url, int threadCount, Duration maxDuration) {
        this.url = url;
        this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
        for (int i = 0; i < threadCount; i++) {
            int sender = i;
            Thread thread = new Thread(() -> sendLoop(sender), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public LoadGenerator start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void sendLoop(int sender) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        long sequence = 0;
        while (running.get() && System.nanoTime() < deadlineNanos) {
            String body = "{\"sender\":" + sender + ",\"n\":" + sequence++ + "}";
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = client.send(request,
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode answer = JSON.readTree(response.body());
                    acknowledged.put(answer.path("data").path("__kdd_request_id").asText(),
                            body);
                } else {
                    nonOkAnswers.incrementAndGet();
                    nonOkByAnswer.computeIfAbsent(response.statusCode() + " "
                            + response.body(), answer -> new AtomicLong()).incrementAndGet();
                }
            } catch (InterruptedException interrupted) {
                return;
            } catch (Exception connectionLost) {
                failures.incrementAndGet();
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public Set<String> acknowledgedIds() {
        return acknowledged.keySet();
    }

    /** Every acknowledged request id with the body that was sent, as a snapshot. */
    public Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    public long failures() {
        return failures.get();
    }

    public long nonOkAnswers() {
        return nonOkAnswers.get();
    }

    /** Every answer other than 200 as "status body", with how often it came. */
    public Map<String, Long> nonOkByAnswer() {
        Map<String, Long> copy = new TreeMap<>();
        nonOkByAnswer.forEach((answer, count) -> copy.put(answer, count.get()));
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
