package dev.sluice.cli;

import dev.sluice.exec.Workspace;
import dev.sluice.serve.ModelRef;
import dev.sluice.serve.ModelServer;
import dev.sluice.monitor.LogUpkeep;
import dev.sluice.monitor.PredictionLog;
import dev.sluice.monitor.PredictionLogSink;
import dev.sluice.serve.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code sluice serve NAME[@ALIAS]... [--port N] [--host H] [--poll 2s] [--log-keep-days [MODEL=]DAYS]}: serves
 * registered models over HTTP until stopped (Ctrl-C), swapping in a new version when an alias moves. Not thread-safe
 * (one per invocation).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves registered models over HTTP (POST /v1/models/NAME/predict, GET /v1/models, /health, /ready,"
                + " /metrics) until Ctrl-C. When an alias moves (sluice promote), the new version is swapped in without"
                + " failing a request.",
                "Binds to 127.0.0.1 by default and answers only requests addressed to it (Host) with JSON bodies. Endpoints"
                        + " that change the server need Authorization: Bearer $SLUICE_TOKEN.",
                "Exit codes: 2 when a model is not in the registry or its files do not match it, or the address cannot be"
                        + " bound."})
final class ServeCommand extends SluiceSubcommand {
    /** Keeps Helidon's java.util.logging start-up chatter quiet; a strong reference so the level sticks. */
    private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");

    @Parameters(arity = "1..*", paramLabel = "NAME[@ALIAS]",
            description = "Models to serve: a name (alias champion), name@alias or name@version.")
    List<String> models;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = ServeOptions.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 exposes it to the network).")
    String host;

    @Option(names = "--poll", defaultValue = "2s", description = "How often to check the registry for moved aliases, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
    String poll;

    @Option(names = "--no-log", description = "Do not log predictions (then `sluice monitor` has no live inputs to check).")
    boolean noLog;

    @Option(names = "--log-keep-days", paramLabel = "[MODEL=]DAYS", description = {"How many days of logged predictions"
            + " are kept: DAYS for every model, MODEL=DAYS for one (repeatable; default: 30). Past hours are merged into one"
            + " file each in the background."})
    List<String> logKeepDays = new java.util.ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "NAME[:PORT]",
            description = {"Also answer requests whose Host is NAME (and NAME:PORT); repeatable. By default only 127.0.0.1,"
                    + " localhost, [::1] and --host, with the port, are answered, which keeps web pages out (DNS rebinding)."
                    + " Needed behind a proxy or with --host 0.0.0.0; * answers any Host."})
    List<String> allowHosts = new java.util.ArrayList<>();

    @Override
    int execute() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!parent.verbose) HELIDON_LOG.setLevel(Level.WARNING);
        ServeOptions options;
        List<ModelRef> refs;
        LogUpkeep.Policy upkeep;
        try {
            upkeep = logPolicy(logKeepDays);
            refs = models.stream().map(ModelRef::parse).toList();
            options = new ServeOptions(host, port, duration(poll), java.util.Optional.ofNullable(parent.environment().env().get("SLUICE_TOKEN")),
                    dev.sluice.serve.PredictionSink.NONE, allowHosts);
        } catch (IllegalArgumentException e) {
            err.println("sluice serve: " + e.getMessage());
            err.flush();
            return 2;
        }
        Workspace ws = Workspace.open(parent.environment().home());
        PredictionLog predictions = noLog ? null : PredictionLog.open(parent.environment().home(), PredictionLog.Options.DEFAULTS, upkeep);
        if (predictions != null) options = options.withSink(new PredictionLogSink(predictions));
        ModelServer server;
        try {
            server = ModelServer.start(options, ws.metadata().models(), ws.store(), refs);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (predictions != null) predictions.close();
            ws.close();
            err.println("sluice serve: " + e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            if (predictions != null) predictions.close();
            ws.close();
            err.println("sluice serve: cannot start the server on " + host + ":" + port + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("ddress already in use") ? "; pick another --port" : ""));
            err.flush();
            return 2;
        }
        server.versions().forEach((ref, v) -> out.println("serving " + ref + " (version " + v + ") at http://" + host + ":"
                + server.port() + "/v1/models/" + ref.name() + "/predict"));
        if (options.token().isEmpty()) out.println("SLUICE_TOKEN is not set: endpoints that change the server (reload) are disabled");
        out.println(predictions == null ? "not logging predictions (--no-log)"
                : "logging predictions under " + parent.environment().home().resolve("predictions") + " (sluice monitor reads them;"
                + " kept " + upkeep.keep().toDays() + " days" + (upkeep.keepByModel().isEmpty() ? "" : ", " + upkeep.keepByModel()
                .entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).map(e -> e.getKey() + " " + e.getValue().toDays()
                + " days").collect(java.util.stream.Collectors.joining(", "))) + ")");
        out.println("checking the registry every " + Elapsed.format(options.poll()) + "; Ctrl-C stops");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (predictions != null) predictions.close(); // writes the rows still buffered
            ws.close();
            stopped.countDown();
        }, "sluice-serve-shutdown"));
        stopped.await();
        return 0;
    }

    /** The log's upkeep with {@code --log-keep-days DAYS} and {@code MODEL=DAYS} applied. */
    static LogUpkeep.Policy logPolicy(List<String> keepDays) {
        java.time.Duration keep = LogUpkeep.Policy.DEFAULTS.keep();
        java.util.Map<String, java.time.Duration> byModel = new java.util.HashMap<>();
        for (String k : keepDays) {
            int eq = k.indexOf('=');
            String model = eq < 0 ? null : k.substring(0, eq).trim();
            String days = (eq < 0 ? k : k.substring(eq + 1)).trim();
            if (!days.matches("[0-9]{1,6}") || Integer.parseInt(days) < 1) {
                throw new IllegalArgumentException("--log-keep-days '" + k + "': give a whole number of days of at least 1,"
                        + " for every model (--log-keep-days 14) or one (--log-keep-days churn=7)");
            }
            if (model == null) keep = java.time.Duration.ofDays(Integer.parseInt(days));
            else byModel.put(model, java.time.Duration.ofDays(Integer.parseInt(days)));
        }
        return LogUpkeep.Policy.DEFAULTS.withKeep(keep, byModel);
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, or a bare number of seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()) * 60);
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--poll '" + text + "' is not a duration; write e.g. 500ms, 2s or 1m");
        }
    }
}
