package dev.sluice.server.serving;

import dev.sluice.internal.Durations;
import dev.sluice.monitor.DriftThresholds;
import dev.sluice.monitor.ModelMonitor;
import dev.sluice.monitor.PredictionLog;
import dev.sluice.monitor.PredictionLogSink;
import dev.sluice.monitor.RetrainTrigger;
import dev.sluice.serve.ModelServer;
import dev.sluice.serve.ServeOptions;
import dev.sluice.server.api.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The models {@code sluice server} serves ({@code --serve}, {@code POST /api/v1/serving}): each on its own loopback port
 * through a {@link ModelServer}, as {@code sluice serve} would, with every prediction written to the workspace's
 * prediction log; a drift check per model on its own interval ({@link ModelMonitor}, each report stored as
 * {@code sluice monitor} stores it); drifting reports handed to that model's {@link RetrainTrigger}, whose runs are
 * queued in the server's run queue; and every alarm told to the {@link DriftAlarmListener}s. Served models are kept in
 * the database ({@code server_served_models}) and served again when a server starts ({@link #restore}). Thread-safe.
 *
 * <pre>{@code
 * ServedModel m = server.serving().add(ServeSpec.parse("elec2=0,retrain=elec2-retrain,check=1m"), "admin");
 * System.out.println("http://127.0.0.1:" + m.port() + "/v1/models/elec2/predict");
 * }</pre>
 */
public final class Serving implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

    private final ServerContext ctx;
    private final Clock clock;
    private final ServedModelRows rows;
    private final Map<String, ServedModel> served = new LinkedHashMap<>();
    private final Map<String, String> notServed = new LinkedHashMap<>();
    private final List<DriftAlarmListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-server-drift");
        t.setDaemon(true);
        return t;
    });
    private PredictionLog log;
    private boolean closed;

    public Serving(ServerContext ctx) {
        this(ctx, Clock.systemUTC());
    }

    Serving(ServerContext ctx, Clock clock) {
        this.ctx = ctx;
        this.clock = clock;
        this.rows = new ServedModelRows(ctx.workspace().metadata().sql());
    }

    /** A model the server serves already, or a port that cannot be had. */
    public static final class ServingException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean conflict;

        ServingException(String message, boolean conflict, Throwable cause) {
            super(message, cause);
            this.conflict = conflict;
        }

        /** True when the model is served already (HTTP 409), false when it cannot be served (400). */
        public boolean conflict() {
            return conflict;
        }
    }

    /**
     * Starts serving a model and watching its drift, and keeps it in the database so a restart serves it again.
     *
     * @param by who asked (a token's name), for the record
     * @throws ServingException when it is served already, is not in the registry, cannot be loaded, or its port is taken
     */
    public synchronized ServedModel add(ServeSpec spec, String by) {
        ServedModel m = start(spec);
        rows.save(spec, by);
        notServed.remove(spec.key());
        return m;
    }

    /**
     * As {@link #add}, but a model served already under the same key is stopped first and served with these settings
     * ({@code --serve} at start overrides what the database kept).
     */
    public synchronized ServedModel put(ServeSpec spec, String by) {
        ServedModel old = served.remove(spec.key());
        if (old != null) old.close();
        return add(spec, by);
    }

    /**
     * Serves every model the database keeps that is not served here yet; one that cannot be served (no longer in the
     * registry, its port taken) is logged and listed by {@link #notServed()}.
     */
    public synchronized void restore() {
        for (ServedModelRows.Row r : rows.all()) {
            if (served.containsKey(r.model())) continue;
            try {
                start(ServeSpec.parse(r.spec()));
                notServed.remove(r.model());
            } catch (IllegalArgumentException | ServingException e) {
                notServed.put(r.model(), e.getMessage());
                LOG.warn("{}, kept for serving (added by {}), is not served: {}", r.model(), r.addedBy(), e.getMessage());
            }
        }
    }

    /** The kept models this server could not serve at its start, with why. */
    public synchronized Map<String, String> notServed() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notServed));
    }

    private ServedModel start(ServeSpec spec) {
        if (closed) throw new ServingException("the server is stopping; it serves no new models", false, null);
        if (served.containsKey(spec.key())) {
            throw new ServingException(spec.key() + " is served already (port " + served.get(spec.key()).port()
                    + "); stop it first (DELETE /api/v1/serving/" + spec.key() + ")", true, null);
        }
        if (spec.retrain().isPresent() && ctx.catalog().latest().stream().noneMatch(p -> p.name().equals(spec.retrain().get()))) {
            throw new ServingException("retrain=" + spec.retrain().get() + ": no pipeline of that name is registered on this"
                    + " server; add its folder with --pipelines (GET /api/v1/pipelines lists them)", false, null);
        }
        if (log == null) log = PredictionLog.open(ctx.workspace().home(), PredictionLog.Options.DEFAULTS);
        ServeOptions options = ServeOptions.defaults().withPort(spec.port()).withPoll(spec.poll()).withSink(new PredictionLogSink(log));
        ModelServer server;
        try {
            server = ModelServer.start(options, ctx.workspace().metadata().models(), ctx.workspace().store(), List.of(spec.model()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServingException("cannot serve " + spec.key() + ": " + e.getMessage(), false, e);
        }
        ServedModel[] self = new ServedModel[1];
        Optional<QueueRetrainer> retrainer = spec.retrain().map(p -> new QueueRetrainer(ctx, p, spec.key(), ctx.config().poll(),
                (runId, wasGoing) -> self[0].queued(runId, wasGoing)));
        Optional<RetrainTrigger> trigger = retrainer.map(r -> new RetrainTrigger(r, spec.cooldown(), clock,
                ctx.workspace().home().resolve("tmp").resolve("retrain")));
        ServedModel m = new ServedModel(spec, server, new ModelMonitor(ctx.workspace(), DriftThresholds.DEFAULTS, clock),
                PredictionLog.folder(ctx.workspace().home(), spec.model().name()), trigger, retrainer, this::alarm, clock);
        self[0] = m;
        long every = spec.checkEvery().toMillis();
        m.scheduled(checks.scheduleWithFixedDelay(m::check, every, every, TimeUnit.MILLISECONDS));
        served.put(spec.key(), m);
        LOG.info("serving {} (version {}) on http://127.0.0.1:{}/v1/models/{}/predict; drift checked every {}{}", spec.key(),
                m.version(), m.port(), spec.model().name(), Durations.text(spec.checkEvery()),
                spec.retrain().map(r -> ", retrained by " + r).orElse(", alarms only"));
        return m;
    }

    /** Stops serving a model and forgets it (a restart does not serve it again); false when it was neither served nor kept. */
    public boolean remove(String key) {
        ServedModel m;
        boolean kept;
        synchronized (this) {
            m = served.remove(key);
            notServed.remove(key);
            kept = rows.delete(key);
        }
        if (m == null) return kept;
        m.close();
        LOG.info("stopped serving {}", key);
        return true;
    }

    /** A served model by its key ({@code elec2@champion}; {@code elec2} means the champion). */
    public synchronized Optional<ServedModel> get(String key) {
        return Optional.ofNullable(served.get(key)).or(() -> Optional.ofNullable(served.get(key + "@champion")));
    }

    /** The served models, in the order they were added. */
    public synchronized List<ServedModel> list() {
        return List.copyOf(served.values());
    }

    /** Hears of every drift alarm from now on. */
    public void onAlarm(DriftAlarmListener listener) {
        listeners.add(listener);
    }

    private void alarm(DriftAlarm alarm) {
        for (DriftAlarmListener l : listeners) {
            try {
                l.onDriftAlarm(alarm);
            } catch (RuntimeException e) {
                LOG.warn("a drift alarm listener failed on {}: {}", alarm.describe(), e.toString());
            }
        }
    }

    /** Stops every check and served model, and writes the predictions still buffered. Idempotent. */
    @Override
    public void close() {
        List<ServedModel> all;
        synchronized (this) {
            if (closed) return;
            closed = true;
            all = new ArrayList<>(served.values());
            served.clear();
        }
        checks.shutdown(); // a check going now finishes (it stores its report), none starts
        try {
            if (!checks.awaitTermination(30, TimeUnit.SECONDS)) checks.shutdownNow();
        } catch (InterruptedException e) {
            checks.shutdownNow();
            Thread.currentThread().interrupt();
        }
        all.forEach(ServedModel::close);
        PredictionLog l;
        synchronized (this) {
            l = log;
        }
        if (l != null) l.close();
    }
}
