package dev.hookhouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts JSON bodies from several threads and remembers every request id that got a 200, with
 * the body it acknowledged, so a test can compare what was acknowledged with what was stored.
 * Bounded: it stops when told to, or at the latest after {@code maxDuration}.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong nonOkAnswers = new AtomicLong();
    private final Map<String, AtomicLong> nonOkByAnswer = new ConcurrentHashMap<>();
    private final Collection<Long> answerNanos = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final long deadlineNanos;
    private final Duration answerTimeout;

    public LoadGenerator(URI url, int threadCount, Duration maxDuration) {
        this(url, threadCount, maxDuration, Duration.ofSeconds(10));
    }

    /**
     * @param answerTimeout how long one request waits for its answer before it counts as a
     *                      failure; longer than any delay a test means to measure
     */
    public LoadGenerator(URI url, int threadCount, Duration maxDuration,
            Duration answerTimeout) {
        this.url = url;
        this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
        this.answerTimeout = answerTimeout;
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
                    .timeout(answerTimeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                long sentNanos = System.nanoTime();
                HttpResponse<String> response = client.send(request,
                        HttpResponse.BodyHandlers.ofString());
                answerNanos.add(System.nanoTime() - sentNanos);
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

    /**
     * The answer time that {@code fraction} of the answered requests (any status) met, by
     * nearest rank: 0.95 gives the p95. 0 while nothing was answered.
     */
    public long answerMillisAt(double fraction) {
        List<Long> sorted = answerNanos.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.size());
        return Duration.ofNanos(sorted.get(Math.max(rank, 1) - 1)).toMillis();
    }

    /**
     * Forgets the answer times so far, so that the figures speak of one phase of a test only:
     * not of the first requests, which set up each sender's connection.
     */
    public void forgetAnswerTimes() {
        answerNanos.clear();
    }

    /** How many requests got an answer, of any status, since answer times were forgotten. */
    public int answered() {
        return answerNanos.size();
    }

    /** Senders still waiting for an answer after {@link #close()} gave up joining them. */
    public long stillWaiting() {
        return threads.stream().filter(Thread::isAlive).count();
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
