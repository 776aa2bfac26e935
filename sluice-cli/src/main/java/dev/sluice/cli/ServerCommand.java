package dev.sluice.cli;

import dev.sluice.api.Problem;
import dev.sluice.internal.Durations;
import dev.sluice.server.RetentionSchedule;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.ServerShutdown;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.catalog.InvalidFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sluice server [--port 8600] [--host 127.0.0.1] [--workers N] [--pipelines DIR]... [--retention SPEC]
 * [--retention-every 1h] [--trigger-poll 2s]}: the always-on service on
 * the workspace ({@link SluiceServer}) until Ctrl-C or SIGTERM, which drains it. Prints the registered pipelines, the
 * files that could not be registered, and on a first start the admin token (shown once; also written to a file only
 * its owner can read). Not thread-safe (one per invocation).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the pipeline service: REST API under /api/v1, run queue, pipelines from folders, tokens and audit log.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", "2:bad usage, or the port is taken"})
final class ServerCommand extends SluiceSubcommand {
    /** Keeps Helidon's java.util.logging start-up lines quiet; a strong reference so the level sticks. */
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    @Option(names = "--port", paramLabel = "N", defaultValue = "8600", description = "The port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to bind (default: ${DEFAULT-VALUE}, this machine only; put a TLS proxy in front to expose it).")
    String host;

    @Option(names = "--workers", paramLabel = "N", description = "Runs started at once by this server (default: the number of CPUs).")
    Integer workers;

    @Option(names = "--pipelines", paramLabel = "DIR", description = "A folder whose *.yaml pipelines are registered (repeatable).")
    List<Path> pipelines = new ArrayList<>();

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On Ctrl-C or SIGTERM, how long running runs may go on before they are left interrupted (default: ${DEFAULT-VALUE}).")
    long grace;

    @Option(names = "--allow-host", paramLabel = "HOST[:PORT]", description = "Another Host name clients use to reach the server (repeatable).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "A web origin allowed to change state, e.g. https://ci.example (repeatable).")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--retention", paramLabel = "keep_days=N,keep_last=N", description = "The retention of pipelines that"
            + " declare no retention: (default: $SLUICE_RETENTION; without either, only pipelines that declare one lose runs).")
    String retention;

    @Option(names = "--retention-every", paramLabel = "DURATION", defaultValue = "1h",
            description = "How often old runs are deleted as retention says, e.g. 10m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    String retentionEvery;

    @Option(names = "--trigger-poll", paramLabel = "DURATION", defaultValue = "2s",
            description = "How often the folders of data triggers are listed and ended runs looked at for upstream"
                    + " triggers, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
    String triggerPoll;

    @Option(names = "--serve", paramLabel = "NAME[@ALIAS][=PORT][,retrain=PIPELINE][,check=5m]...", description = {
            "Serve a registered model on its own 127.0.0.1 port (0 or none: any free one), log its predictions, check its"
                    + " drift every check= (5m) over the newest window= rows (10000), and on drift queue the registered"
                    + " pipeline retrain= with -p data=<the window> (cooldown= 10m, one run at a time); the served version"
                    + " follows the alias. More: min_rows= (1000), poll= (2s). Repeatable."})
    List<String> serve = new ArrayList<>();

    @Override
    int execute() throws InterruptedException {
        // Helidon reports through java.util.logging, a bind failure with a stack trace: the server says it in one line
        HELIDON_LOG.setLevel(parent.verbose ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
        if (!parent.verbose && org.slf4j.LoggerFactory.getLogger("dev.sluice.server") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.INFO); // one line per run started, pipeline registered, server stopped
        }
        ServerConfig config = config();
        List<dev.sluice.server.serving.ServeSpec> specs = new ArrayList<>();
        for (String s : serve) {
            try {
                specs.add(dev.sluice.server.serving.ServeSpec.parse(s));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        PrintStream out = System.out;
        SluiceServer server;
        try {
            server = SluiceServer.start(config, retention(), triggers());
        } catch (SluiceServer.CannotListenException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (dev.sluice.server.serving.ServeSpec s : specs) {
            try {
                server.serving().put(s, "command line");
            } catch (dev.sluice.server.serving.Serving.ServingException e) {
                server.close();
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        banner(server, new PrintWriter(out, true));
        CountDownLatch forever = new CountDownLatch(1);
        ServerShutdown.onSignal(server, Duration.ofSeconds(grace), System.err);
        forever.await();
        return 0;
    }

    private ServerConfig config() {
        if (workers != null && workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers " + workers + " is not allowed: give at least 1");
        }
        if (grace < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--grace must be 0 or more seconds");
        List<Path> dirs = new ArrayList<>();
        for (Path p : pipelines) {
            Path resolved = parent.environment().resolve(p.toString());
            if (!java.nio.file.Files.exists(resolved)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pipelines " + p + ": no such folder");
            }
            dirs.add(resolved);
        }
        ServerConfig c = ServerConfig.defaults(parent.environment().home()).withPort(port).withHost(host)
                .withPipelineDirs(dirs).withGrace(Duration.ofSeconds(grace)).withAllowed(allowHosts, allowOrigins);
        return workers == null ? c : c.withRunSlots(workers);
    }

    /** The retention sweep: {@code --retention} (or {@code SLUICE_RETENTION}) every {@code --retention-every}. */
    private RetentionSchedule retention() {
        var fallback = GcCommand.fallback(spec, retention, parent.environment().env().get(GcCommand.RETENTION_ENV));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})(s|m|h|d)").matcher(retentionEvery.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--retention-every '" + retentionEvery
                    + "' is not a duration; write e.g. 30s, 10m, 1h or 1d");
        }
        java.time.temporal.ChronoUnit unit = switch (m.group(2)) {
            case "s" -> java.time.temporal.ChronoUnit.SECONDS;
            case "m" -> java.time.temporal.ChronoUnit.MINUTES;
            case "h" -> java.time.temporal.ChronoUnit.HOURS;
            default -> java.time.temporal.ChronoUnit.DAYS;
        };
        return new RetentionSchedule(fallback, Duration.of(Long.parseLong(m.group(1)), unit));
    }

    /** The triggers: webhook secrets from this command's environment, folders and ended runs read every {@code --trigger-poll}. */
    private dev.sluice.server.trigger.TriggerSettings triggers() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)").matcher(triggerPoll.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trigger-poll '" + triggerPoll
                    + "' is not a duration; write e.g. 500ms, 2s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        Duration every = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        java.util.Map<String, String> env = parent.environment().env();
        return dev.sluice.server.trigger.TriggerSettings.defaults()
                .withEnvironment(name -> java.util.Optional.ofNullable(env.get(name))).withPolls(every, every);
    }

    /** What a new user needs: where it listens, what it registered, what it could not, and the first token. */
    static void banner(SluiceServer server, PrintWriter out) {
        ServerConfig c = server.config();
        String url = "http://" + (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + server.port();
        out.println("sluice server on " + url + " (workspace " + server.workspace().home() + ", "
                + server.config().runSlots() + " runs at once)");
        List<String> names = server.pipelines();
        out.println("pipelines: " + (names.isEmpty() ? "none (give folders with --pipelines DIR)" : String.join(", ", names)));
        for (InvalidFile f : server.invalidFiles()) {
            out.println("not registered: " + f.file());
            for (Problem p : f.problems()) out.println("  " + p.format());
        }
        server.firstToken().ifPresent(t -> {
            out.println();
            out.println("No API token existed, so this admin token was created. It is shown once; copy it now:");
            out.println();
            out.println("  " + t.token());
            out.println();
            out.println("It is also in " + t.file() + " (readable only by you). Use it as: Authorization: Bearer <token>;");
            out.println("make tokens for others with: sluice token create --role operator --name NAME");
        });
        for (dev.sluice.server.serving.ServedModel m : server.serving().list()) {
            var s = m.spec();
            out.println("serving " + s.key() + " (version " + m.version() + ") at http://127.0.0.1:" + m.port() + "/v1/models/"
                    + s.model().name() + "/predict; drift checked every " + Durations.text(s.checkEvery())
                    + s.retrain().map(r -> ", retrained by " + r + " on drift").orElse(", alarms only (no retrain=)"));
        }
        server.serving().notServed().forEach((model, why) -> out.println("not served: " + model + ": " + why));
        out.println("Web UI: " + url + "/ (sign in with an API token)");
        RetentionSchedule r = server.retention();
        out.println("retention: every " + Elapsed.format(r.every()) + ", as each pipeline's retention: says"
                + r.fallback().map(p -> ", else " + p.describe()).orElse(" (pipelines without one keep every run)")
                + "; pinned runs and what registered models need are kept");
        out.println("API: " + url + "/api/v1 (described at " + url + "/api/v1/openapi.json); Ctrl-C stops it");
        out.flush();
    }
}
