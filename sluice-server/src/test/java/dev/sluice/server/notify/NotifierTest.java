package dev.sluice.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunHandle;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.NotifyRule;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.server.sql.ServerTables;
import dev.sluice.server.sql.Sql;
import dev.sluice.yaml.NotifyRules;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications of real runs delivered to a real HTTP receiver on 127.0.0.1: signed JSON and Slack bodies, retries
 * with backoff after errors, every attempt recorded, and a receiver that hangs does not hold up the run.
 */
@Timeout(120)
class NotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cret-for-tests";

    @TempDir Path home;
    @TempDir Path dir;
    private Workspace ws;
    private HttpServer receiver;
    private Notifier notifier;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch hangArrived = new CountDownLatch(1);
    private final CountDownLatch releaseHang = new CountDownLatch(1);

    private record Received(String path, Map<String, String> headers, String body) {}

    @BeforeEach
    void start() throws IOException {
        ws = Workspace.open(home);
        ServerTables.migrate(ws.metadata().sql());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.createContext("/", this::handle);
        receiver.start();
        notifier = new Notifier(ws.metadata().sql(), name -> name.equals("HOOK_SECRET") ? Optional.of(SECRET) : Optional.empty(),
                Duration.ofMillis(50), Duration.ofSeconds(60), name -> List.of());
    }

    @AfterEach
    void stop() {
        releaseHang.countDown();
        notifier.close();
        receiver.stop(0);
        ws.close();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
        int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int status = 200;
        if (path.startsWith("/flaky") && n <= 2) status = 500;
        if (path.startsWith("/hang")) {
            hangArrived.countDown();
            try {
                releaseHang.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (status == 200) received.add(new Received(path, headers, body));
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private Pipeline pipeline(String yaml) {
        return new PipelineValidator(ComponentRegistry.defaults()).validate(new YamlPipelineLoader().parse(yaml, "p.yaml", dir), Map.of());
    }

    private RunHandle start(String yaml) {
        return new LocalExecutor(new RunOptions(2, false, home), ws).start(pipeline(yaml), notifier.watch(NotifyRules.of(yaml), "p"));
    }

    /** Outcomes of the recorded attempts of a run, in order. */
    private List<String> attempts(String runId, String receiverEvent) {
        return ws.metadata().sql().read(c -> Sql.list(c, "SELECT attempt, outcome, http_status, receiver, error FROM server_notifications"
                        + " WHERE run_id = ? AND event = ? ORDER BY attempt", rs -> rs.getInt(1) + " " + rs.getString(2) + " "
                        + rs.getObject(3) + " " + rs.getString(4) + " " + rs.getString(5), runId, receiverEvent));
    }

    private List<String> awaitAttempts(String runId, String event, String lastOutcome) throws InterruptedException {
        while (true) {
            List<String> a = attempts(runId, event);
            if (!a.isEmpty() && a.getLast().contains(" " + lastOutcome + " ")) return a;
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void aWaitingStepAndTheFailedRunAreReportedSignedAndAsSlackText() throws Exception {
        String yaml = """
                pipeline: p
                notify:
                  - {on: [waiting, failed], webhook: "%s", format: json, secret_env: HOOK_SECRET}
                  - {on: failed, webhook: "%s", format: slack}
                steps:
                  gate: {uses: approve, timeout: 1s}
                  ship: {uses: concat, with: {text: "x"}, after: [gate]}
                """.formatted(url("/json/TOKEN-IN-PATH"), url("/slack/T0/B0/XYZ"));
        RunResult r = start(yaml).await();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);

        List<String> json = awaitAttempts(r.runId(), "failed", "delivered");
        List<Received> signed = received.stream().filter(x -> x.path().startsWith("/json")).toList();
        assertThat(signed).extracting(x -> JSON.readTree(x.body()).path("event").asText()).contains("waiting", "failed");
        for (Received x : signed) {
            String ts = x.headers().get("x-sluice-timestamp");
            assertThat(x.headers().get("x-sluice-signature")).isEqualTo(Notification.signature(SECRET, Long.parseLong(ts), x.body()));
        }
        JsonNode failed = signed.stream().map(x -> read(x.body())).filter(n -> n.path("event").asText().equals("failed"))
                .findFirst().orElseThrow();
        assertThat(failed.path("run_id").asText()).isEqualTo(r.runId());
        assertThat(failed.path("text").asText()).contains("failed (failed: gate)");
        JsonNode waiting = signed.stream().map(x -> read(x.body())).filter(n -> n.path("event").asText().equals("waiting"))
                .findFirst().orElseThrow();
        assertThat(waiting.path("text").asText()).contains("sluice approve " + r.runId() + " gate");

        Received slack = received.stream().filter(x -> x.path().startsWith("/slack")).findFirst().orElseThrow();
        assertThat(read(slack.body()).path("text").asText()).startsWith("Sluice: run " + r.runId() + " of pipeline p failed");
        assertThat(slack.headers()).doesNotContainKey("x-sluice-signature");
        // what is recorded names the receiver by host and port only: the path may be a token
        assertThat(json).allSatisfy(a -> assertThat(a).doesNotContain("TOKEN-IN-PATH").doesNotContain(SECRET));
    }

    @Test
    void aReceiverThatFailsTwiceIsTriedAgainWithBackoffAndEachAttemptIsRecorded() throws Exception {
        String yaml = """
                pipeline: p
                notify: [{on: succeeded, webhook: "%s"}]
                steps:
                  a: {uses: concat, with: {text: "x"}}
                """.formatted(url("/flaky"));
        RunResult r = start(yaml).await();

        List<String> a = awaitAttempts(r.runId(), "succeeded", "delivered");
        assertThat(a).hasSize(3);
        assertThat(a.get(0)).startsWith("1 retry 500 ");
        assertThat(a.get(1)).startsWith("2 retry 500 ");
        assertThat(a.get(2)).startsWith("3 delivered 200 ");
        assertThat(hits.get("/flaky").get()).isEqualTo(3);
    }

    @Test
    void aReceiverThatHangsDoesNotHoldUpTheRun() throws Exception {
        String yaml = """
                pipeline: p
                notify: [{on: [succeeded], webhook: "%s"}]
                steps:
                  a: {uses: concat, with: {text: "x"}}
                """.formatted(url("/hang"));
        RunResult r = start(yaml).await(); // returns although the receiver holds the request
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hangArrived.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(releaseHang.getCount()).as("the receiver still holds the request").isEqualTo(1);
        releaseHang.countDown();
        assertThat(awaitAttempts(r.runId(), "succeeded", "delivered")).hasSize(1);
    }

    @Test
    void aHostThatIsNotAllowedIsRefusedAndNothingIsSent() throws Exception {
        List<NotifyRule> rules = NotifyRules.of("""
                pipeline: p
                notify: [{on: drift, webhook: "http://hooks.example.com/x"}]
                steps: {}
                """);
        Notifier n = new Notifier(ws.metadata().sql(), name -> Optional.empty(), Duration.ofMillis(50), Duration.ofSeconds(5),
                name -> rules);
        try {
            n.drift("p", "psi 0.31 on feature price");
            while (ws.metadata().sql().read(c -> Sql.list(c, "SELECT outcome FROM server_notifications WHERE event = 'drift'",
                    rs -> rs.getString(1))).isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            List<String> rows = ws.metadata().sql().read(c -> Sql.list(c, "SELECT outcome, error FROM server_notifications"
                    + " WHERE event = 'drift'", rs -> rs.getString(1) + ": " + rs.getString(2)));
            assertThat(rows).containsExactly("refused: host hooks.example.com is neither loopback nor listed in SLUICE_NOTIFY_HOSTS");
        } finally {
            n.close();
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }
}
