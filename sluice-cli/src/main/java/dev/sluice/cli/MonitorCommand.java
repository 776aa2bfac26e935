package dev.sluice.cli;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.PipelineException;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.Workspace;
import dev.sluice.internal.Durations;
import dev.sluice.monitor.DriftReport;
import dev.sluice.monitor.DriftStatus;
import dev.sluice.monitor.DriftThresholds;
import dev.sluice.monitor.ModelMonitor;
import dev.sluice.monitor.PipelineRetrainer;
import dev.sluice.monitor.RetrainTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * {@code sluice monitor NAME[@ALIAS]}: compares the model's logged inputs (or a table) with its training profile
 * and prints the per-feature PSI / Kolmogorov-Smirnov table and the verdict; once, or every {@code --interval}.
 * Exit 0 no drift (warnings included), 1 drift, 2 bad usage or nothing to check. Not thread-safe (one per invocation).
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Checks a model's live inputs against its training profile (PSI and Kolmogorov-Smirnov per feature).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no drift (warnings included)", "1:drift detected", "2:bad usage, or no reference or data to check"})
final class MonitorCommand extends SluiceSubcommand {

    @Parameters(index = "0", paramLabel = "NAME[@ALIAS]", description = "The model: churn (its champion, or its newest version if none is champion), churn@challenger or churn@3.")
    String model;

    @Option(names = "--window", paramLabel = "N", defaultValue = "10000",
            description = "Check the newest N logged predictions (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only predictions logged in the last DURATION, e.g. 30m.")
    String since;

    @Option(names = "--reference", paramLabel = "ARTIFACT_OR_FILE",
            description = "The training profile: a profile JSON file or artifact id (default: the profile step of the run that produced the model).")
    String reference;

    @Option(names = "--data", paramLabel = "FILE.parquet", description = "Check this table instead of the prediction log.")
    String data;

    @Option(names = "--threshold", paramLabel = "NAME=VALUE",
            description = "psi=0.2 (drift above), psi_warning=0.1 (warning above), ks_p=0.01 (drift below); repeatable.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", description = "Check again every DURATION (e.g. 30s) until stopped.")
    String interval;

    @Option(names = "--checks", paramLabel = "N", description = "With --interval: stop after N checks.")
    Integer checks;

    @Option(names = "--retrain", paramLabel = "PIPELINE",
            description = "On drift, run this pipeline file with -p data=<the window as Parquet>; the run records the drift"
                    + " report as its cause (sluice show RUN). See examples/elec2/retrain.yaml: gate, canary, promote.")
    String retrain;

    @Option(names = "--cooldown", paramLabel = "DURATION", defaultValue = "10m",
            description = "With --retrain: no new retraining within DURATION after one ended (default: ${DEFAULT-VALUE}).")
    String cooldown;

    @Option(names = "--json", description = "Print each drift report as JSON (sluice-drift/1) on stdout.")
    boolean json;

    @Override
    int execute() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelMonitor.Request request;
        DriftThresholds limits = DriftThresholds.DEFAULTS;
        Optional<Duration> every;
        Duration cool;
        try {
            for (String t : thresholds) limits = limits.with(t);
            Optional<Instant> from = Optional.ofNullable(since).map(s -> Instant.now().minus(duration("--since", s)));
            Optional<Path> table = Optional.ofNullable(data).map(d -> parent.environment().resolve(d));
            if (table.isPresent() && !Files.isRegularFile(table.get())) {
                throw new IllegalArgumentException("--data " + data + ": no such file; give a Parquet table");
            }
            if (retrain != null && !Files.isRegularFile(parent.environment().resolve(retrain))) {
                throw new IllegalArgumentException("--retrain " + retrain + ": no such pipeline file");
            }
            Optional<String> ref = Optional.ofNullable(reference)
                    .map(r -> Files.isRegularFile(parent.environment().resolve(r)) ? parent.environment().resolve(r).toString() : r);
            request = new ModelMonitor.Request(model, ref, table, window, from);
            every = Optional.ofNullable(interval).map(i -> duration("--interval", i));
            cool = duration("--cooldown", cooldown);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        try (Workspace ws = Workspace.open(parent.environment().home());
             RetrainTrigger trigger = retrain == null ? null : trigger(ws, cool)) {
            ModelMonitor monitor = new ModelMonitor(ws, limits, Clock.systemUTC());
            int code = 0;
            for (int n = 1; ; n++) {
                code = checkOnce(monitor, request, trigger, out, err);
                if (code == 2 && every.isEmpty()) return 2;
                if (every.isEmpty() || (checks != null && n >= checks)) return code;
                Thread.sleep(every.get().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private RetrainTrigger trigger(Workspace ws, Duration cool) {
        Path file = parent.environment().resolve(retrain);
        PipelineRetrainer retrainer = new PipelineRetrainer(ws, file, Map.of(), RunOptions.defaults(ws.home()));
        return new RetrainTrigger(retrainer, cool, Clock.systemUTC(), ws.home().resolve("tmp").resolve("retrain"));
    }

    private int checkOnce(ModelMonitor monitor, ModelMonitor.Request request, RetrainTrigger trigger, PrintWriter out, PrintWriter err) {
        ModelMonitor.Outcome outcome;
        try {
            outcome = monitor.check(request);
        } catch (PipelineException e) {
            err.println("sluice monitor " + model + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            DriftReport report = outcome.report();
            if (json) out.print(report.toJsonText());
            else out.print(report.toText() + "report " + outcome.artifactId() + "\n");
            out.flush();
            if (trigger != null) retrain(trigger, outcome, out, err);
            return report.status() == DriftStatus.DRIFT ? 1 : 0;
        } finally {
            if (outcome.temporary()) {
                try {
                    Files.deleteIfExists(outcome.windowFile());
                } catch (IOException ignored) {
                    // a leftover window under tmp/ is harmless
                }
            }
        }
    }

    private void retrain(RetrainTrigger trigger, ModelMonitor.Outcome outcome, PrintWriter out, PrintWriter err) {
        RetrainTrigger.Decision d = trigger.onReport(outcome);
        switch (d) {
            case RetrainTrigger.Suppressed s -> {
                if (s.reason() != RetrainTrigger.Reason.NO_DRIFT) err.println("retraining not started: " + s.detail());
            }
            case RetrainTrigger.Started s -> {
                err.println("drift: retraining with " + retrain + " ...");
                err.flush();
                try {
                    RetrainTrigger.RunSummary r = s.run().join();
                    err.println("retraining run " + r.runId() + (r.succeeded() ? " succeeded" : " did not succeed; see: sluice show " + r.runId()));
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    String msg = cause instanceof DefinitionException de
                            ? de.problems().stream().map(p -> p.message()).reduce((a, b) -> a + "; " + b).orElse(cause.getMessage())
                            : cause.getMessage();
                    err.println("retraining failed to start: " + msg);
                }
            }
        }
        err.flush();
    }

    private static Duration duration(String option, String text) {
        Duration d = Durations.parse(option, text);
        if (d.isZero() && !option.equals("--cooldown")) throw new IllegalArgumentException(option + " must be positive");
        return d;
    }

    private int usage(PrintWriter err, String message) {
        err.println("sluice monitor: " + message);
        err.println("Usage: sluice monitor NAME[@ALIAS] [--window N] [--reference ARTIFACT_OR_FILE] [--data FILE.parquet] [--threshold psi=0.2] [--interval 30s] [--json]");
        err.flush();
        return 2;
    }
}
