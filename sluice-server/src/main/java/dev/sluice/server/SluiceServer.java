package dev.sluice.server;

import dev.sluice.exec.RunOptions;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataSql;
import dev.sluice.meta.MetadataStores;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.retention.RunSweep;
import dev.sluice.server.api.ApiServer;
import dev.sluice.server.api.HookRoutes;
import dev.sluice.server.api.Route;
import dev.sluice.server.api.Routes;
import dev.sluice.server.api.ServerContext;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.auth.HostPolicy;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.catalog.Definitions;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.events.EventLog;
import dev.sluice.server.notify.Notifier;
import dev.sluice.server.queue.Claims;
import dev.sluice.server.queue.QueueWorker;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.schedule.Scheduling;
import dev.sluice.server.sql.ServerTables;
import dev.sluice.server.trigger.DataWatcher;
import dev.sluice.server.trigger.TriggerSettings;
import dev.sluice.server.trigger.UpstreamFollower;
import dev.sluice.server.trigger.TriggeredRuns;
import dev.sluice.server.ui.WebUi;
import dev.sluice.yaml.NotifyRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code sluice server}: one process on a workspace that registers the pipelines of its folders, queues runs submitted
 * through its API, runs them in-process on a warm JVM (at most {@link ServerConfig#runSlots()} at once), and answers
 * the JSON API under {@code /api/v1} with tokens, roles and an audit log. Several servers on one PostgreSQL share the
 * queue. Thread-safe.
 *
 * <pre>{@code
 * try (SluiceServer server = SluiceServer.start(ServerConfig.defaults(home).withPort(0)
 *         .withPipelineDirs(List.of(Path.of("examples"))))) {
 *     server.firstToken().ifPresent(t -> System.out.println("admin token: " + t.token()));
 *     System.out.println("http://127.0.0.1:" + server.port() + "/api/v1/pipelines");
 * }
 * }</pre>
 */
public final class SluiceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
    /** How often the scheduler looks for due ticks. */
    private static final Duration SCHEDULER_EVERY = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final Workspace workspace;
    private final ServerContext context;
    private final ApiServer api;
    private final ScheduledExecutorService scanner;
    private final Optional<FirstToken> firstToken;
    private final String serverId;
    private final dev.sluice.server.serving.Serving serving;
    private RetentionSchedule retention = RetentionSchedule.defaults();
    private DataWatcher dataWatcher;
    private UpstreamFollower upstream;
    private final Notifier notifier;

    private SluiceServer(ServerConfig config, Workspace workspace, ServerContext context, ApiServer api,
                         ScheduledExecutorService scanner, Optional<FirstToken> firstToken, String serverId,
                         dev.sluice.server.serving.Serving serving, Notifier notifier) {
        this.notifier = notifier;
        this.config = config;
        this.workspace = workspace;
        this.context = context;
        this.api = api;
        this.scanner = scanner;
        this.firstToken = firstToken;
        this.serverId = serverId;
        this.serving = serving;
    }

    /** Opens the workspace, brings the server's tables up to date, registers the pipelines, and starts serving. */
    public static SluiceServer start(ServerConfig config) {
        return start(config, RetentionSchedule.defaults());
    }

    /** As {@link #start(ServerConfig)}, sweeping old runs as {@code retention} says. */
    public static SluiceServer start(ServerConfig config, RetentionSchedule retention) {
        return start(config, retention, Clock.systemUTC(), TriggerSettings.defaults());
    }

    /** As {@link #start(ServerConfig, RetentionSchedule)}, with the clock the schedules follow (tests move it). */
    public static SluiceServer start(ServerConfig config, RetentionSchedule retention, Clock clock) {
        return start(config, retention, clock, TriggerSettings.defaults());
    }

    /** As {@link #start(ServerConfig, RetentionSchedule)}, with the pipelines' triggers run as {@code triggers} says. */
    public static SluiceServer start(ServerConfig config, RetentionSchedule retention, TriggerSettings triggers) {
        return start(config, retention, Clock.systemUTC(), triggers);
    }

    /** As {@link #start(ServerConfig, RetentionSchedule)}, with the schedules' clock and the triggers' settings. */
    public static SluiceServer start(ServerConfig config, RetentionSchedule retention, Clock clock, TriggerSettings triggers) {
        Workspace ws = Workspace.open(config.home());
        try {
            SluiceServer server = start(config, retention, ws, clock, triggers);
            server.retention = retention;
            return server;
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    private static SluiceServer start(ServerConfig config, RetentionSchedule retention, Workspace ws, Clock clock,
                                      TriggerSettings triggers) {
        MetadataSql sql = ws.metadata().sql();
        ServerTables.migrate(sql);
        String serverId = MetadataStores.localHost() + ":" + ProcessHandle.current().pid() + ":"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Tokens tokens = new Tokens(sql);
        EventLog events = new EventLog(sql);
        PipelineCatalog catalog = new PipelineCatalog(sql, new Definitions(ComponentRegistry.defaults()), config.pipelineDirs(), ws.home());
        catalog.scan();
        RunQueue queue = new RunQueue(sql, ws.home());
        Notifier notifier = Notifier.forServer(sql, name -> catalog.version(name, "latest")
                .map(v -> NotifyRules.of(v.yaml())).orElse(List.of()));
        QueueWorker worker = QueueWorker.create(new Claims(sql, ws.metadata().queries(), serverId), catalog, ws, events,
                new RunOptions(config.stepWorkers(), false, ws.home()), config.runSlots(), config.poll(), notifier);
        AtomicReference<HostPolicy> policy = new AtomicReference<>();
        AuditLog audit = new AuditLog(sql);
        Scheduling scheduling = Scheduling.create(sql, catalog, queue, audit, clock, serverId, worker::wake);
        ServerContext ctx = new ServerContext(config, ws, catalog, queue, worker, events, tokens, audit, policy::get, scheduling);
        TriggeredRuns triggered = new TriggeredRuns(catalog, queue, worker, new dev.sluice.server.trigger.TriggerStates(sql));
        List<Route> routes = new java.util.ArrayList<>(Routes.all(ctx));
        routes.addAll(new HookRoutes(ctx, triggered, triggers, triggers.clock()).routes());
        routes.addAll(new dev.sluice.server.api.TriggerRoutes(ctx, triggered).routes()); // pause and resume
        var serving = new dev.sluice.server.serving.Serving(ctx); // served models and their drift loop
        routes.addAll(new dev.sluice.server.api.ServingRoutes(serving).routes());
        serving.onAlarm(alarm -> { // a drift alarm is notified to the retraining pipeline's notify: rules, once per drift
            if (alarm.repeated()) return;
            serving.get(alarm.served()).flatMap(m -> m.spec().retrain())
                    .ifPresent(pipeline -> notifier.drift(pipeline, alarm.describe()));
        });
        ApiServer api = new ApiServer(ctx, routes, new WebUi(ctx));
        api.start();
        if (api.port() <= 0) { // Helidon logs a bind failure and carries on without a listener
            worker.close();
            notifier.close();
            events.close();
            api.close();
            throw new CannotListenException("cannot listen on " + config.host() + ":" + config.port()
                    + ": the address is in use (another server?) or not available here; choose another --port or --host");
        }
        policy.set(HostPolicy.defaults(config.host(), api.port(), config.allowHosts(), config.allowOrigins()));
        Optional<FirstToken> first = FirstToken.ensure(tokens, ws.home()); // once it surely serves: shown once, so not lost
        worker.every("retention", retention.every(), new RetentionSweeper(new RunSweep(ws.home(), ws.metadata(),
                retention.fallback(), ServerTables.RUN_ROWS, Clock.systemUTC()), ctx.audit()));
        worker.every("schedules", SCHEDULER_EVERY, () -> scheduling.scheduler().pass());
        worker.start();
        serving.restore(); // the models kept for serving (--serve, POST /api/v1/serving) of earlier starts
        ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-server-scan");
            t.setDaemon(true);
            return t;
        });
        long every = config.scanEvery().toMillis();
        scanner.scheduleWithFixedDelay(() -> {
            try {
                catalog.scan();
            } catch (RuntimeException e) {
                LOG.warn("reading the pipeline folders failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        LOG.info("sluice server {} listening on http://{}:{} (workspace {}, metadata {})", serverId, config.host(), api.port(),
                ws.home(), ws.metadata().describe());
        SluiceServer server = new SluiceServer(config, ws, ctx, api, scanner, first, serverId, serving, notifier);
        server.dataWatcher = new DataWatcher(triggered, triggers.clock(), worker::accepting, triggers.environment());
        server.dataWatcher.start(triggers.dataPoll());
        server.upstream = new UpstreamFollower(triggered, ws, Clock.systemUTC(), worker::accepting);
        server.upstream.start(triggers.upstreamPoll());
        return server;
    }

    /** The server could not listen on its address (the port is taken, or the host is not this machine's). */
    public static final class CannotListenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotListenException(String message) {
            super(message);
        }
    }

    /** Sends the notifications of the pipelines' notify: rules; drift checks report alarms through {@link Notifier#drift}. */
    public Notifier notifier() {
        return notifier;
    }

    /** The port the API listens on. */
    public int port() {
        return api.port();
    }

    /** This process among the servers of the database: {@code host:pid:random}. */
    public String serverId() {
        return serverId;
    }

    /** The admin token this start created (the workspace had none), to be shown once. */
    public Optional<FirstToken> firstToken() {
        return firstToken;
    }

    /** Every route the API answers, with its authorization rule. */
    public List<Route> routes() {
        return api.routes();
    }

    public Workspace workspace() {
        return workspace;
    }

    public ServerConfig config() {
        return config;
    }

    /** How often it deletes old runs, and the default policy. */
    public RetentionSchedule retention() {
        return retention;
    }

    /** The models this server serves, with their drift checks ({@code --serve}, {@code /api/v1/serving}). */
    public dev.sluice.server.serving.Serving serving() {
        return serving;
    }

    /** The scheduler and backfills of this server. */
    public Scheduling scheduling() {
        return context.scheduling();
    }

    /** The thread that watches the folders of the pipelines' data triggers. */
    public DataWatcher dataWatcher() {
        return dataWatcher;
    }

    /** The thread that follows the runs that ended, for the pipelines' upstream triggers. */
    public UpstreamFollower upstreamFollower() {
        return upstream;
    }

    /** The runs going in this process now. */
    public java.util.Set<String> runningHere() {
        return context.worker().runningHere();
    }

    /** The pipeline files of the watched folders that were not registered, with their problems. */
    public List<dev.sluice.server.catalog.InvalidFile> invalidFiles() {
        return context.catalog().invalid();
    }

    /** Reads the pipeline folders now instead of at the next scan. */
    public void rescan() {
        context.catalog().scan();
    }

    /** The names of the registered pipelines. */
    public List<String> pipelines() {
        return context.catalog().latest().stream().map(dev.sluice.server.catalog.PipelineVersion::name).toList();
    }

    /**
     * Stops taking runs (submissions get 503, no queued run is claimed here) and waits up to {@code grace} for the
     * runs going here to end; returns those still running.
     */
    public List<String> drain(Duration grace) {
        serving.close(); // no more drift checks or retraining; the buffered predictions are written
        return context.worker().drain(grace);
    }

    /**
     * For a process about to exit after {@link #drain}: makes everything recorded so far durable and stops the child
     * processes of the runs still going (command steps), which then read as {@code interrupted} once this process is
     * gone, and can be resumed by any server. Returns those runs.
     */
    public List<String> abandonRunning() {
        List<String> left = List.copyOf(context.worker().runningHere());
        context.events().flush();
        try {
            workspace.metadata().writer().flush();
        } catch (RuntimeException e) {
            LOG.warn("pending metadata could not be flushed: {}", e.toString());
        }
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        return left;
    }

    /**
     * Stops the server: no more runs start, the runs still going here are cancelled (an embedded server that closes
     * takes its runs with it; {@code sluice server} drains and leaves them interrupted instead), then the API and the
     * workspace close.
     */
    @Override
    public void close() {
        serving.close();
        scanner.shutdownNow();
        if (dataWatcher != null) dataWatcher.close();
        if (upstream != null) upstream.close();
        context.worker().close();
        context.worker().cancelRunning(Duration.ofSeconds(30));
        context.events().close();
        notifier.close();
        api.close();
        workspace.close();
    }
}
