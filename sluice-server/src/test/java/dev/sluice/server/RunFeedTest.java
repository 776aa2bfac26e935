package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/events} (every run's status changes, for live lists) and the runs list's trigger filter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunFeedTest {
    ServerFixture f;
    final HttpClient http = HttpClient.newHttpClient();

    /** One {@code run} event: its id (a time) and data. */
    record Change(long id, JsonNode data) {}

    @BeforeAll
    void start(@TempDir Path tmp) {
        f = new ServerFixture(tmp);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void streamsARunsStatusFromRunningToSucceeded(@TempDir Path gates) throws InterruptedException, IOException {
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        try (Stream<String> lines = open(null, changes)) {
            Path gate = gates.resolve("open");
            String id = f.submit("gate", Map.of("gate", gate.toString()));
            assertThat(statusesOf(id, changes, "running", "gate")).endsWith("running");
            java.nio.file.Files.writeString(gate, "go");
            assertThat(statusesOf(id, changes, "succeeded", "gate")).containsExactly("succeeded");
        }
    }

    @Test
    void reconnectingWithLastEventIdSendsWhatChangedMeanwhile() throws InterruptedException {
        BlockingQueue<Change> first = new LinkedBlockingQueue<>();
        long lastId;
        try (Stream<String> lines = open(null, first)) {
            String warmup = f.submit("chain", Map.of("n", 102));
            statusesOf(warmup, first, "succeeded");
            lastId = List.copyOf(first).isEmpty() ? System.currentTimeMillis() : List.copyOf(first).getLast().id();
        }
        String id = f.submit("chain", Map.of("n", 103));
        awaitStatus(id, "succeeded");
        BlockingQueue<Change> again = new LinkedBlockingQueue<>();
        try (Stream<String> lines = open(lastId, again)) {
            assertThat(statusesOf(id, again, "succeeded")).endsWith("succeeded");
        }
    }

    @Test
    void theRunsListFiltersByTriggerKind() {
        String id = f.submit("chain", Map.of("n", 104));
        awaitStatus(id, "succeeded");
        assertThat(f.api.get("/api/v1/runs?trigger=manual&limit=500", f.admin).json().path("runs").findValuesAsText("run_id")).contains(id);
        assertThat(f.api.get("/api/v1/runs?trigger=drift", f.admin).json().path("runs")).isEmpty();
        Api.Reply bad = f.api.get("/api/v1/runs?trigger=%3Cb%3E", f.admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).isEqualTo("trigger '<b>' is not a trigger kind; use e.g. manual (no trigger), drift, webhook, data or upstream");
    }

    private List<String> statusesOf(String runId, BlockingQueue<Change> changes, String last) throws InterruptedException {
        return statusesOf(runId, changes, last, "chain");
    }

    private List<String> statusesOf(String runId, BlockingQueue<Change> changes, String last, String pipeline)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Change c = changes.poll(1, TimeUnit.SECONDS);
            if (c == null || !c.data().path("run_id").asText().equals(runId)) continue;
            assertThat(c.data().path("pipeline").asText()).isEqualTo(pipeline);
            seen.add(c.data().path("status").asText());
            if (seen.getLast().equals(last)) return seen;
        }
        throw new AssertionError("no '" + last + "' for run " + runId + " within 60 s; saw " + seen);
    }

    private void awaitStatus(String runId, String status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!f.api.get("/api/v1/runs/" + runId, f.admin).json().path("status").asText().equals(status)) {
            if (System.nanoTime() > deadline) throw new AssertionError("run " + runId + " did not reach " + status);
            Thread.onSpinWait();
        }
    }

    /** Opens the feed and reads its events into {@code into} on a thread of its own; closing the stream ends it. */
    private Stream<String> open(Long lastEventId, BlockingQueue<Change> into) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/api/v1/events"))
                .header("Authorization", "Bearer " + f.admin);
        if (lastEventId != null) b.header("Last-Event-ID", Long.toString(lastEventId));
        HttpResponse<Stream<String>> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        Stream<String> lines = r.body();
        Thread.ofVirtual().start(() -> {
            long id = 0;
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                    if (line.startsWith("data: ")) into.add(new Change(id, Api.JSON.readTree(line.substring(6))));
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                // the test closed the stream
            }
        });
        return lines;
    }
}
