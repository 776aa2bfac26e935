package dev.sluice.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ModelRegistry;
import dev.sluice.store.ArtifactStore;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP model server behind {@code sluice serve}: Helidon SE (virtual threads, TCP_NODELAY) serving registered
 * models compiled to pure Java, with hot swap when an alias moves in the registry.
 *
 * <pre>
 * POST /v1/models/{name}/predict   one row {"f": v, ...} or {"rows": [{...}, ...]} → label + probabilities, or value
 * GET  /v1/models                   what is served: name, alias, version, artifact, task, labels, inputs
 * GET  /v1/models/{name}            one of them
 * POST /v1/models/{name}/reload     checks the registry now (needs Authorization: Bearer $SLUICE_TOKEN)
 * GET  /health, /ready, /metrics    liveness, readiness, Prometheus text
 * </pre>
 * {@code {name}} is a model name or {@code name@alias}. Every request first passes the {@link RequestGuard} (Host,
 * Origin, JSON bodies); a refused request, a body over 16 MB or with broken chunking is answered with a JSON error and
 * its connection closed, so the unread rest of a body is never parsed as further requests. Start it with
 * {@link #start}; {@link #close()} stops it. Thread-safe.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.open(home);
 *      ModelServer server = ModelServer.start(ServeOptions.defaults().withPort(0), ws.metadata().models(), ws.store(),
 *              List.of(ModelRef.parse("churn@champion")))) {
 *     System.out.println("listening on " + server.port());
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest request body accepted (larger gets 413). */
    static final long MAX_BODY = RequestBody.MAX;

    private final ServeOptions options;
    private final ModelCatalog catalog;
    private final ServeMetrics metrics;
    private final PredictEndpoint predict;
    private final RequestGuard guard;
    private final ThrottledWarning clientsGone = new ThrottledWarning(Duration.ofMinutes(1), System::nanoTime, LOG::warn);
    private final ScheduledExecutorService poller;
    private final WebServer server;
    private volatile boolean stopping;

    private ModelServer(ServeOptions options, ModelCatalog catalog, ServeMetrics metrics) {
        this.options = options;
        this.catalog = catalog;
        this.metrics = metrics;
        this.guard = new RequestGuard(options);
        this.predict = new PredictEndpoint(options.sink(), metrics);
        this.server = WebServer.builder()
                .host(options.host())
                .port(options.port())
                .maxPayloadSize(MAX_BODY)
                .shutdownHook(false)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .directHandlers(d -> {
                    RejectedRequests rejected = new RejectedRequests(metrics, this::modelOfPath);
                    for (DirectHandler.EventType t : DirectHandler.EventType.values()) d.addHandler(t, rejected);
                })
                .routing(this::routes)
                .build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-serve-registry-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads every model (failing with what to do when one cannot be served), starts the poller and the server.
     *
     * @throws IllegalArgumentException when a reference does not resolve in the registry
     * @throws IllegalStateException    when a model cannot be loaded or verified, or the address cannot be bound
     */
    public static ModelServer start(ServeOptions options, ModelRegistry registry, ArtifactStore store, List<ModelRef> refs) {
        return start(options, ModelSource.of(registry, store), refs);
    }

    /**
     * A sandbox server for one model folder that is not promoted anywhere, answering to {@code ref} only; loaded,
     * compiled and served exactly as registered models are ({@link CanaryComponent}).
     */
    static ModelServer sandbox(ServeOptions options, ModelRef ref, dev.sluice.api.ModelVersion version, java.nio.file.Path folder) {
        return start(options, ModelSource.single(ref, version, folder), List.of(ref));
    }

    private static ModelServer start(ServeOptions options, ModelSource source, List<ModelRef> refs) {
        Listening.check(options.host(), options.port());      // before loading models: a taken port fails at once
        ServeMetrics metrics = new ServeMetrics();
        ModelCatalog catalog = new ModelCatalog(source, metrics, refs);
        ModelServer s = new ModelServer(options, catalog, metrics);
        s.server.start();
        if (!s.server.isRunning() || s.server.port() < 0) {
            s.close();
            throw Listening.failed(options.host(), options.port(), "the web server did not start (another process took the"
                    + " address first?)");
        }
        s.guard.listening(s.port());
        long every = options.poll().toMillis();
        s.poller.scheduleWithFixedDelay(catalog::refresh, every, every, TimeUnit.MILLISECONDS);
        LOG.info("listening on http://{}:{} (registry checked every {} ms)", options.host(), s.port(), every);
        return s;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The version each served reference answers with now. */
    public Map<ModelRef, Integer> versions() {
        return catalog.versions();
    }

    /** Checks the registry now (as the poller does); returns how many models were swapped. */
    public int refresh() {
        return catalog.refresh();
    }

    @Override
    public void close() {
        stopping = true;
        poller.shutdownNow();
        server.stop();
    }

    private void routes(HttpRouting.Builder r) {
        r.addFilter(this::guard)
                .get("/health", (req, res) -> json(res, 200, "{\"status\":\"up\"}"))
                .get("/ready", (req, res) -> ready(res))
                .get("/metrics", (req, res) -> metrics(res))
                .get("/v1/models", (req, res) -> json(res, 200, list()))
                .get("/v1/models/{name}", (req, res) -> describe(req, res))
                .post("/v1/models/{name}/predict", this::predict)
                .post("/v1/models/{name}/reload", this::reload)
                .error(HttpException.class, this::httpError)
                .error(Throwable.class, (req, res, e) -> {
                    LOG.error("request {} failed", req.path().path(), e);
                    metrics.refused(modelOfPath(req.path().path()), 500);
                    if (!res.isSent()) json(res, 500, PredictEndpoint.error("internal error: " + e));
                });
    }

    /**
     * Refuses what {@link RequestGuard} refuses, and turns the framing errors Helidon raises inside a route (which
     * it would answer and then go on reading the rest of the body as requests) into a refusal that closes the
     * connection.
     */
    private void guard(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<RequestGuard.Refusal> refusal = guard.check(req.prologue().method().text(),
                req.headers().first(HeaderNames.HOST).orElse(null), req.headers().first(HeaderNames.ORIGIN).orElse(null),
                req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), req.content().hasEntity());
        if (refusal.isPresent()) {
            metrics.refused(modelOfPath(req.path().path()), refusal.get().status());
            refuseAndClose(res, refusal.get().status(), refusal.get().message());
        }
        try {
            chain.proceed();
        } catch (RequestException e) {
            if (e.keepAlive() || res.isSent()) throw e;
            metrics.refused(modelOfPath(req.path().path()), e.status().code());
            refuseAndClose(res, e.status().code(), e.status().code() == 413 ? RequestBody.TOO_LARGE : RequestBody.BAD_CHUNKS);
        }
    }

    /**
     * What Helidon's routing refuses with an {@link HttpException}: a path no route matches is a 404 that lists where
     * the endpoints are (not an internal error with a logged stack trace); other refusals keep their 4xx status.
     */
    private void httpError(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        metrics.refused(modelOfPath(req.path().path()), status);
        if (res.isSent()) return;
        if (e instanceof NotFoundException) {
            String path = req.path().rawPath();
            json(res, 404, PredictEndpoint.error("no such endpoint: " + req.prologue().method().text() + " "
                    + (path.length() > 200 ? path.substring(0, 200) + "..." : path)
                    + "; the endpoints are listed in README.md, Serving (e.g. POST /v1/models/NAME/predict)"));
        } else if (status >= 500) {
            LOG.error("request {} failed", req.path().path(), e);
            json(res, status, PredictEndpoint.error("internal error: " + e.getMessage()));
        } else {
            json(res, status, PredictEndpoint.error(e.getMessage()));
        }
    }

    /** Answers {@code status} with a JSON error and closes the connection: an unread body is never read as requests. */
    private static void refuseAndClose(ServerResponse res, int status, String message) {
        res.header(HeaderValues.CONNECTION_CLOSE);
        json(res, status, PredictEndpoint.error(message));
        throw new CloseConnectionException("refused with " + status);
    }

    /** The served model a request path is for: {@code churn} for {@code /v1/models/churn/predict}; else {@code ""}. */
    private String modelOfPath(String path) {
        String prefix = "/v1/models/", suffix = "/predict";
        if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() <= prefix.length() + suffix.length()) return "";
        return catalog.find(path.substring(prefix.length(), path.length() - suffix.length()))
                .map(slot -> slot.ref().name()).orElse("");
    }

    private void predict(ServerRequest req, ServerResponse res) {
        long t0 = System.nanoTime();
        String key = req.path().pathParameters().get("name");
        Optional<ModelCatalog.Slot> slot = catalog.find(key);
        if (slot.isEmpty()) {
            json(res, 404, notServed(key));
            metrics.request("", 404, System.nanoTime() - t0, 0, 0);
            return;
        }
        ServedModel served = slot.get().current().get();
        byte[] body;
        try {
            body = RequestBody.read(req);
        } catch (RequestBody.Unreadable e) {
            if (e.status() == RequestBody.Unreadable.GONE) {
                clientsGone.occurred("a client closed the connection before sending the whole body of POST "
                        + req.path().path() + " (" + e.getCause().getClass().getSimpleName() + "); nothing was answered");
                throw new CloseConnectionException("the client went away");
            }
            metrics.request(served.ref().name(), e.status(), System.nanoTime() - t0, 0, 0);
            refuseAndClose(res, e.status(), e.getMessage());
            return;
        }
        PredictEndpoint.Answer a = predict.predict(served, body);
        json(res, a.status(), a.body());
        metrics.request(served.ref().name(), a.status(), System.nanoTime() - t0, a.rows(), a.unseen());
    }

    private void reload(ServerRequest req, ServerResponse res) {
        if (!authorized(req, res)) return;
        String key = req.path().pathParameters().get("name");
        Optional<ModelCatalog.Slot> slot = catalog.find(key);
        if (slot.isEmpty()) {
            json(res, 404, notServed(key));
            return;
        }
        boolean swapped = catalog.refresh(slot.get());
        Map<String, Object> out = entry(slot.get());
        out.put("swapped", swapped);
        json(res, 200, write(out));
    }

    /** Bearer-token check for endpoints that change state; answers 401/403 itself when it fails. */
    private boolean authorized(ServerRequest req, ServerResponse res) {
        if (options.token().isEmpty()) {
            json(res, 403, PredictEndpoint.error("this endpoint changes the server and is disabled: start `sluice serve` with"
                    + " SLUICE_TOKEN set and send Authorization: Bearer <token>"));
            return false;
        }
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        byte[] expected = ("Bearer " + options.token().get()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            json(res, 401, PredictEndpoint.error("missing or wrong token: send Authorization: Bearer <SLUICE_TOKEN>"));
            return false;
        }
        return true;
    }

    private void ready(ServerResponse res) {
        if (stopping) {
            json(res, 503, "{\"status\":\"stopping\"}");
            return;
        }
        json(res, 200, "{\"status\":\"ready\",\"models\":" + catalog.slots().size() + "}");
    }

    private void metrics(ServerResponse res) {
        StringBuilder b = new StringBuilder(4096);
        metrics.write(b, catalog::versions, options.sink().counts());
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void describe(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("name");
        Optional<ModelCatalog.Slot> slot = catalog.find(key);
        if (slot.isEmpty()) json(res, 404, notServed(key));
        else json(res, 200, write(entry(slot.get())));
    }

    private String notServed(String key) {
        List<String> served = catalog.slots().stream().map(s -> s.ref().toString()).toList();
        return PredictEndpoint.error("no model '" + key + "' is served here; served: " + String.join(", ", served)
                + " (GET /v1/models lists them)");
    }

    private String list() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelCatalog.Slot s : catalog.slots()) models.add(entry(s));
        return write(Map.of("models", models));
    }

    private static Map<String, Object> entry(ModelCatalog.Slot s) {
        ServedModel m = s.current().get();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", s.ref().name());
        e.put("alias", s.ref().alias());
        e.put("version", m.number());
        e.put("artifact", m.version().artifactId());
        e.put("model_type", m.model().info().modelType());
        e.put("task", m.model().info().task().label());
        e.put("target", m.model().info().target());
        e.put("labels", m.model().labels());
        List<Map<String, String>> inputs = new ArrayList<>();
        m.model().info().inputSchema().forEach(f -> {
            Map<String, String> field = new LinkedHashMap<>();
            field.put("name", f.name());
            field.put("type", f.type());
            inputs.add(field);
        });
        e.put("inputs", inputs);
        e.put("loaded_at", m.loadedAt().toString());
        return e;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(ServerResponse res, int status, String body) {
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
