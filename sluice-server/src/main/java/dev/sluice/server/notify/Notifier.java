package dev.sluice.server.notify;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.StepResult;
import dev.sluice.meta.MetadataSql;
import dev.sluice.pipeline.NotifyRule;
import dev.sluice.server.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends the notifications of {@code notify:} rules: run failed, blocked by a gate, waiting for an approval, succeeded,
 * and drift alarms ({@link #drift}, for the drift checks). Each delivery runs on this notifier's own threads, never on
 * a run's: a listener only queues it ({@link #watch}), so a failing, slow or hanging receiver never slows a run. A
 * failed attempt (no answer within the timeout, a connection error, a status other than 2xx) is retried with
 * exponential backoff, at most {@link #ATTEMPTS} times; every attempt is recorded in {@code server_notifications}.
 *
 * <p>Receivers: loopback hosts, and the hosts listed in {@code SLUICE_NOTIFY_HOSTS} (comma-separated); others are
 * refused and recorded so. A rule's {@code secret_env} names the server's environment variable holding the HMAC secret;
 * the secret and the webhook's path (which may hold a token) never appear in logs, records or answers.
 * Thread-safe; close it at the server's end.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    /** The environment variable listing the hosts notifications may go to besides loopback ones. */
    public static final String HOSTS_ENV = "SLUICE_NOTIFY_HOSTS";
    /** How many times a notification is tried at most. */
    public static final int ATTEMPTS = 5;

    private final MetadataSql sql;
    private final Function<String, Optional<String>> env;
    private final Set<String> allowedHosts;
    private final Duration firstRetry;
    private final Duration timeout;
    private final Function<String, List<NotifyRule>> rulesOf;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor senders;

    /**
     * @param sql        where attempts are recorded (the server's tables)
     * @param env        the environment (secrets, {@link #HOSTS_ENV})
     * @param firstRetry the wait before the second attempt; it doubles for each next one
     * @param timeout    how long one attempt waits for the receiver's answer
     * @param rulesOf    the rules of a pipeline's latest version, by name (for drift alarms)
     */
    public Notifier(MetadataSql sql, Function<String, Optional<String>> env, Duration firstRetry, Duration timeout,
                    Function<String, List<NotifyRule>> rulesOf) {
        this.sql = sql;
        this.env = env;
        this.firstRetry = firstRetry;
        this.timeout = timeout;
        this.rulesOf = rulesOf;
        this.allowedHosts = env.apply(HOSTS_ENV).map(s -> Arrays.stream(s.split(",")).map(String::strip)
                .filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.senders = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "sluice-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** The server's notifier: its process environment, retries after 1, 2, 4, 8 s, 10 s per attempt. */
    public static Notifier forServer(MetadataSql sql, Function<String, List<NotifyRule>> rulesOf) {
        return new Notifier(sql, name -> Optional.ofNullable(System.getenv(name)), Duration.ofSeconds(1), Duration.ofSeconds(10),
                rulesOf);
    }

    /** A listener for one run of {@code pipeline} that reports what {@code rules} ask for; it only queues deliveries. */
    public RunListener watch(List<NotifyRule> rules, String pipeline) {
        if (rules.isEmpty()) return RunListener.NONE;
        return event -> {
            try {
                of(event, pipeline).ifPresent(n -> send(rules, n));
            } catch (RuntimeException e) { // a listener never throws
                LOG.warn("cannot queue a notification for run {}: {}", event.runId(), e.toString());
            }
        };
    }

    /**
     * A drift alarm for the models a pipeline retrains: sent to the {@code drift} rules of the pipeline's latest
     * version. For the drift checks; returns at once.
     */
    public void drift(String pipeline, String detail) {
        send(rulesOf.apply(pipeline), new Notification(NotifyRule.Event.DRIFT, pipeline, Optional.empty(), "drift",
                "drift alarm for pipeline " + pipeline + ": " + detail, Instant.now()));
    }

    /** Queues {@code n} to every rule that asks for its event. */
    public void send(List<NotifyRule> rules, Notification n) {
        for (NotifyRule r : rules) {
            if (!r.on().contains(n.event()) || senders.isShutdown()) continue;
            String id = UUID.randomUUID().toString();
            senders.execute(() -> attempt(id, r, n, 1));
        }
    }

    private static Optional<Notification> of(RunEvent e, String pipeline) {
        return switch (e) {
            case RunEvent.StepWaiting w -> Optional.of(new Notification(NotifyRule.Event.WAITING, pipeline, Optional.of(w.runId()),
                    "waiting", "run " + w.runId() + " of pipeline " + pipeline + " waits for approval of step '" + w.step()
                    + "': sluice approve " + w.runId() + " " + w.step() + " [--reject]", w.at()));
            case RunEvent.RunFinished f -> finished(f, pipeline);
            default -> Optional.empty();
        };
    }

    private static Optional<Notification> finished(RunEvent.RunFinished f, String pipeline) {
        RunStatus s = f.result().status();
        NotifyRule.Event event = switch (s) {
            case FAILED -> NotifyRule.Event.FAILED;
            case BLOCKED -> NotifyRule.Event.BLOCKED;
            case SUCCEEDED -> NotifyRule.Event.SUCCEEDED;
            default -> null;
        };
        if (event == null) return Optional.empty();
        String failed = f.result().steps().stream().filter(r -> r.status() == dev.sluice.api.StepStatus.FAILED)
                .map(StepResult::name).collect(Collectors.joining(", "));
        String text = "run " + f.runId() + " of pipeline " + pipeline + " " + s.label()
                + (failed.isEmpty() ? "" : " (failed: " + failed + "); see: sluice show " + f.runId());
        return Optional.of(new Notification(event, pipeline, Optional.of(f.runId()), s.label(), text, f.at()));
    }

    private void attempt(String id, NotifyRule rule, Notification n, int attempt) {
        URI hook = rule.webhook();
        if (!allowed(hook.getHost())) {
            record(id, attempt, rule, n, null, "refused", "host " + hook.getHost() + " is neither loopback nor listed in " + HOSTS_ENV);
            return;
        }
        Optional<String> secret = rule.secretEnv().flatMap(env);
        if (rule.secretEnv().isPresent() && secret.isEmpty()) {
            record(id, attempt, rule, n, null, "refused", "secret_env " + rule.secretEnv().get()
                    + " is not set in the server's environment");
            return;
        }
        String body = n.body(rule.format());
        HttpRequest.Builder req = HttpRequest.newBuilder(hook).timeout(timeout).header("Content-Type", "application/json")
                .header("User-Agent", "sluice-server").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret.isPresent()) {
            long ts = Instant.now().getEpochSecond();
            req.header(Notification.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(Notification.SIGNATURE_HEADER, Notification.signature(secret.get(), ts, body));
        }
        Integer status = null;
        String error;
        try {
            HttpResponse<Void> r = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status / 100 == 2) {
                record(id, attempt, rule, n, status, "delivered", null);
                return;
            }
            error = "answered " + status;
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().replace(hook.toString(), receiver(hook)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean again = attempt < ATTEMPTS && !senders.isShutdown();
        record(id, attempt, rule, n, status, again ? "retry" : "failed", error);
        if (again) {
            long delay = firstRetry.toMillis() << (attempt - 1);
            senders.schedule(() -> attempt(id, rule, n, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("notification {} of {} to {} failed {} times; last: {}", n.event().yamlName(), n.runId().orElse(n.pipeline()),
                    receiver(hook), attempt, error);
        }
    }

    private boolean allowed(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(h)) return true;
        if (h.equals("localhost")) return true;
        if (!h.matches("[0-9.]+|\\[[0-9a-f:]+\\]")) return false; // a name is allowed only when listed: no DNS here
        try {
            return InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Scheme, host and port: what may be shown of a webhook (its path may hold a token). */
    static String receiver(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    private void record(String id, int attempt, NotifyRule rule, Notification n, Integer status, String outcome, String error) {
        try {
            sql.write(c -> Sql.update(c, "INSERT INTO server_notifications (id, attempt, event, run_id, pipeline, receiver, format,"
                            + " at, http_status, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, attempt,
                    n.event().yamlName(), n.runId().orElse(null), n.pipeline(), receiver(rule.webhook()), rule.format().yamlName(),
                    Instant.now().toEpochMilli(), status, outcome, error));
        } catch (RuntimeException e) {
            LOG.warn("cannot record notification attempt {} of {}: {}", attempt, n.event().yamlName(), e.toString());
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
