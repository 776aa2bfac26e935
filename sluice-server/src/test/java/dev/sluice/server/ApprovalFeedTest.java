package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/events} tells of approvals across runs ({@code event: approval}): a step that starts waiting, its
 * decision with who made it, and, after a reconnect with {@code Last-Event-ID}, a decision made meanwhile.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalFeedTest {
    ServerFixture f;
    String operator;
    final HttpClient http = HttpClient.newHttpClient();

    /** One event of the stream: its id (a time), its name and data. */
    record Sent(long id, String event, JsonNode data) {}

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("approvals"));
        try (InputStream in = ApprovalFeedTest.class.getResourceAsStream("/approvals/release.yaml")) {
            Files.copy(in, extra.resolve("release.yaml"));
        }
        f = new ServerFixture(tmp, c -> c.withPipelineDirs(List.of(c.pipelineDirs().getFirst(), extra)));
        operator = f.token("release-manager", "operator");
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void aStepThatStartsWaitingAndItsDecisionAreSentToEveryoneFollowingTheFeed() throws InterruptedException {
        BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
        long lastId;
        try (Stream<String> lines = open(null, sent)) {
            String id = f.submit("release", Map.of());
            JsonNode waiting = approval(sent, id, "waiting").data();
            assertThat(waiting.path("pipeline").asText()).isEqualTo("release");
            assertThat(waiting.path("step").asText()).isEqualTo("gate");
            assertThat(waiting.path("since").asText()).isNotBlank();

            assertThat(f.api.post("/api/v1/runs/" + id + "/steps/gate/approve", operator, Map.of("comment", "ok")).status())
                    .isEqualTo(200);
            Sent approved = approval(sent, id, "approved");
            assertThat(approved.data().path("by").asText()).isEqualTo("release-manager");
            assertThat(approved.data().path("at").asText()).isNotBlank();
            lastId = approved.id();

            String other = f.submit("release", Map.of());
            approval(sent, other, "waiting");
            lines.close(); // the client is gone while the next decision is made
            assertThat(f.api.post("/api/v1/runs/" + other + "/steps/gate/reject", operator, Map.of()).status()).isEqualTo(200);
            BlockingQueue<Sent> again = new LinkedBlockingQueue<>();
            try (Stream<String> reopened = open(lastId, again)) {
                assertThat(approval(again, other, "rejected").data().path("by").asText()).isEqualTo("release-manager");
            }
        }
    }

    /** The first approval event of run {@code runId} in state {@code state}; fails on another state for it first. */
    private static Sent approval(BlockingQueue<Sent> sent, String runId, String state) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Sent s = sent.poll(1, TimeUnit.SECONDS);
            if (s == null || !s.event().equals("approval") || !s.data().path("run_id").asText().equals(runId)) continue;
            seen.add(s.data().path("state").asText());
            if (seen.getLast().equals(state)) return s;
        }
        throw new AssertionError("no approval event '" + state + "' for run " + runId + " within 60 s; saw " + seen);
    }

    private Stream<String> open(Long lastEventId, BlockingQueue<Sent> into) {
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
        Stream<String> lines = r.body();
        Thread.ofVirtual().start(() -> {
            long id = 0;
            String event = "message";
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                    if (line.startsWith("event: ")) event = line.substring(7);
                    if (line.startsWith("data: ")) into.add(new Sent(id, event, Api.JSON.readTree(line.substring(6))));
                    if (line.isEmpty()) event = "message";
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                // the test closed the stream
            }
        });
        return lines;
    }
}
