package dev.hookhouse.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many HTTP/1.1 senders on 127.0.0.1 that each send a valid request head at once and then
 * trickle a valid JSON body a few bytes at a time, so that the body takes seconds to arrive,
 * as from a sender on a bad mobile link or one holding connections on purpose. About a third
 * send the body chunked, the rest declare a Content-Length; the pieces cut UTF-8 characters
 * in two. Every answer is remembered: a 200's request id is kept with the body that was sent,
 * for reconciliation with the warehouse like {@link LoadGenerator}'s.
 *
 * <p>One thread drives every connection through a selector, so thousands of senders cost
 * thousands of sockets, not thousands of threads. Bounded: whatever is still open
 * {@code maxDuration} after {@link #start()} is closed.
 */
public final class TricklingSenders implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LONGEST_PIECE_BYTES = 5;

    /** Senders arrive over a few seconds, as from the internet, not all in one millisecond. */
    public static final long CONNECT_PAUSE_MILLIS = 5;
    private static final long RETRY_UNSENT_NANOS = Duration.ofMillis(20).toNanos();
    private static final long IDLE_WAIT_NANOS = Duration.ofMillis(100).toNanos();

    private final List<Sender> senders = new ArrayList<>();
    private final Selector selector;
    private final Duration maxDuration;
    private final Map<Integer, String> answers = new ConcurrentHashMap<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger bodiesSent = new AtomicInteger();
    private final AtomicInteger connectionsLost = new AtomicInteger();
    private final Thread driver = new Thread(this::drive, "trickling-senders");
    private volatile IOException driverFailure;
    private volatile boolean stopping;

    /**
     * Connects every sender, one every {@value #CONNECT_PAUSE_MILLIS} ms, and sends its
     * request head; no body byte is sent before {@link #start()}.
     *
     * @param trickleShortest the least time a body takes from its first byte to its last
     * @param trickleLongest the most; each sender's is drawn between the two
     */
    public TricklingSenders(URI url, int count, Duration trickleShortest,
            Duration trickleLongest, Duration maxDuration, long seed)
            throws IOException, InterruptedException {
        this.selector = Selector.open();
        this.maxDuration = maxDuration;
        Random random = new Random(seed);
        long spreadNanos = trickleLongest.minus(trickleShortest).toNanos();

        for (int index = 0; index < count; index++) {
            long trickleNanos = trickleShortest.toNanos() + random.nextLong(spreadNanos + 1);
            Sender sender = new Sender(index, body(index), random.nextInt(3) == 0,
                    trickleNanos, random);
            sender.connect(url, selector);
            senders.add(sender);
            Thread.sleep(CONNECT_PAUSE_MILLIS);
        }
        driver.setDaemon(true);
    }

    /** A valid JSON body with characters of two, three and four bytes in UTF-8. */
    private static String body(int index) {
        return "{\"slow_sender\":" + index + ",\"note\":\"trickled: caf\u00e9, \u2603, "
                + "\ud83d\udc22\",\"pieces\":[1,2,3]}";
    }

    /** Starts trickling every body; the first byte of each goes out now. */
    public TricklingSenders start() {
        long startNanos = System.nanoTime();
        senders.forEach(sender -> sender.trickleFrom(startNanos));
        driver.start();
        return this;
    }

    private void drive() {
        long deadlineNanos = System.nanoTime() + maxDuration.toNanos();
        PriorityQueue<Sender> due = new PriorityQueue<>(
                Comparator.comparingLong(Sender::dueNanos));
        due.addAll(senders);
        try {
            while (!stopping && !finished() && System.nanoTime() < deadlineNanos) {
                writeDuePieces(due);

                long waitNanos = due.isEmpty() ? IDLE_WAIT_NANOS
                        : Math.min(IDLE_WAIT_NANOS, due.peek().dueNanos() - System.nanoTime());
                selector.select(Math.max(1, Duration.ofNanos(waitNanos).toMillis()));
                readAnswers();
            }
        } catch (IOException broken) {
            driverFailure = broken;
        } finally {
            senders.forEach(Sender::close);
        }
    }

    private void writeDuePieces(PriorityQueue<Sender> due) throws IOException {
        while (!due.isEmpty() && due.peek().dueNanos() <= System.nanoTime()) {
            Sender sender = due.poll();
            sender.writeDue();
            if (sender.bodySent()) {
                bodiesSent.incrementAndGet();
            } else if (sender.open()) {
                due.add(sender);
            }
        }
    }

    private void readAnswers() {
        for (SelectionKey key : selector.selectedKeys()) {
            Sender sender = (Sender) key.attachment();
            sender.readAvailable();
        }
        selector.selectedKeys().clear();
    }

    /** Every sender was answered or lost its connection. */
    public boolean finished() {
        return answers.size() + connectionsLost.get() == senders.size();
    }

    /** How many senders have sent their whole body so far. */
    public int bodiesSent() {
        return bodiesSent.get();
    }

    /** How many senders have been answered so far, with any status. */
    public int answered() {
        return answers.size();
    }

    /** Senders whose connection closed or broke before a whole answer arrived. */
    public int connectionsLost() {
        return connectionsLost.get();
    }

    /** Every request id answered 200, with the body that was trickled, as a snapshot. */
    public Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Every answer other than 200 as "status body", with how often it came. */
    public Map<String, Integer> nonOkByAnswer() {
        Map<String, Integer> counts = new TreeMap<>();
        answers.values().stream().filter(answer -> !answer.startsWith("200 "))
                .forEach(answer -> counts.merge(answer, 1, Integer::sum));
        return counts;
    }

    /** Why the driver stopped early, or null. */
    public IOException driverFailure() {
        return driverFailure;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        driver.join(10_000);
        senders.forEach(Sender::close);
    }

    /** One connection: its body cut in pieces, when each is due, and what came back. */
    private final class Sender {

        private final int index;
        private final String body;
        private final List<byte[]> pieces;
        private final boolean chunked;
        private final long trickleNanos;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private SocketChannel channel;
        private ByteBuffer unsent = ByteBuffer.allocate(0);
        private long startNanos;
        private long dueNanos;
        private int piecesWritten;

        Sender(int index, String body, boolean chunked, long trickleNanos, Random random) {
            this.index = index;
            this.body = body;
            this.chunked = chunked;
            this.trickleNanos = trickleNanos;
            this.pieces = cut(body.getBytes(StandardCharsets.UTF_8), chunked, random);
        }

        /** Pieces of one to five bytes; chunked, each its own chunk, then the last chunk. */
        private static List<byte[]> cut(byte[] bytes, boolean chunked, Random random) {
            List<byte[]> cut = new ArrayList<>();
            for (int from = 0; from < bytes.length; ) {
                int to = Math.min(bytes.length, from + 1 + random.nextInt(LONGEST_PIECE_BYTES));
                byte[] piece = Arrays.copyOfRange(bytes, from, to);
                cut.add(chunked ? chunk(piece) : piece);
                from = to;
            }
            if (chunked) {
                cut.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            return cut;
        }

        private static byte[] chunk(byte[] piece) {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            chunk.writeBytes((Integer.toHexString(piece.length) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk.writeBytes(piece);
            chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return chunk.toByteArray();
        }

        void connect(URI url, Selector selector) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", url.getPort()));
            String framing = chunked ? "Transfer-Encoding: chunked"
                    : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length;
            String head = "POST " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + url.getPort() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + framing + "\r\n"
                    + "Connection: close\r\n\r\n";
            ByteBuffer headBytes = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
            while (headBytes.hasRemaining()) {
                channel.write(headBytes);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        void trickleFrom(long startNanos) {
            this.startNanos = startNanos;
            this.dueNanos = startNanos;
        }

        /** When the next write is due. */
        long dueNanos() {
            return dueNanos;
        }

        /**
         * Writes the next piece and what the socket did not take last time, then sets when
         * the next write is due: piece k of n at k/(n-1) of the trickle time, so the last
         * one at its end.
         */
        void writeDue() throws IOException {
            if (piecesWritten < pieces.size()) {
                byte[] piece = pieces.get(piecesWritten++);
                ByteBuffer next = ByteBuffer.allocate(unsent.remaining() + piece.length);
                unsent = next.put(unsent).put(piece).flip();
            }
            try {
                channel.write(unsent);
            } catch (IOException refused) {
                // An answer before the body ended (a refusal) comes with a close; the
                // selector reads that answer, or counts the connection lost.
                dueNanos = Long.MAX_VALUE;
                return;
            }
            dueNanos = piecesWritten < pieces.size()
                    ? startNanos + trickleNanos * piecesWritten / (pieces.size() - 1)
                    : System.nanoTime() + RETRY_UNSENT_NANOS;
        }

        /** Every piece written and taken by the socket. */
        boolean bodySent() {
            return piecesWritten == pieces.size() && !unsent.hasRemaining();
        }

        boolean open() {
            return channel.isOpen();
        }

        void readAvailable() {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            int read;
            try {
                read = channel.read(buffer);
            } catch (IOException reset) {
                read = -1;
            }
            received.write(buffer.array(), 0, Math.max(read, 0));

            String answer = completeAnswer(received.toByteArray());
            if (answer != null) {
                record(answer);
                close();
            } else if (read < 0) {
                connectionsLost.incrementAndGet();
                close();
            }
        }

        /** "status body" once the head and its Content-Length of body have arrived. */
        private static String completeAnswer(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return null;
            }
            int length = 0;
            for (String line : text.substring(0, headEnd).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            int bodyStart = headEnd + 4;
            if (bytes.length < bodyStart + length) {
                return null;
            }
            String status = text.substring(0, headEnd).split(" ")[1];
            return status + " " + new String(bytes, bodyStart, length, StandardCharsets.UTF_8);
        }

        private void record(String answer) {
            if (answer.startsWith("200 ")) {
                try {
                    String id = JSON.readTree(answer.substring(4)).path("data")
                            .path("__kdd_request_id").asText();
                    acknowledged.put(id, body);
                } catch (IOException notJson) {
                    answer = "200 (unreadable) " + answer;
                }
            }
            answers.put(index, answer);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException alreadyGone) {
                // Nothing to release: the socket is closed either way.
            }
        }
    }
}
