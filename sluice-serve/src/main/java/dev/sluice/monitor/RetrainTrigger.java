package dev.sluice.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns drift alarms into retraining runs, under a policy per model:
 * <ol>
 *   <li><b>one run in flight</b>: an alarm while a retraining run of the same model is going is suppressed
 *       ({@link Reason#IN_FLIGHT});</li>
 *   <li><b>dedupe</b>: an alarm with the same signature as the one that started the last <em>succeeded</em>
 *       run is suppressed ({@link Reason#DUPLICATE}): the signature is the model version, the reference and the
 *       set of drifted features, so the same drift keeps being reported, but is not retrained again until a new
 *       version is serving or other features drift. After a failed run the same alarm may start again;</li>
 *   <li><b>cooldown</b>: no run starts within {@code cooldown} (e.g. 10 minutes) after the previous one ended
 *       ({@link Reason#COOLDOWN});</li>
 *   <li>a report without drift starts nothing ({@link Reason#NO_DRIFT}).</li>
 * </ol>
 * A started run gets a copy of the window (so the caller may delete its own file) under {@code windowsDir},
 * deleted when the run ends, and runs on the trigger's own thread through a {@link Retrainer}: usually a
 * {@link PipelineRetrainer}, which runs a pipeline file with {@code -p data=<window.parquet>}.
 *
 * <p>Thread-safe. The clock is injected so tests can move time.
 */
public final class RetrainTrigger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainTrigger.class);

    /** Runs one retraining for an alarm; blocking. */
    @FunctionalInterface
    public interface Retrainer {
        RunSummary retrain(Alarm alarm) throws Exception;
    }

    /**
     * The drift alarm a retraining run answers.
     *
     * @param window         the trigger's copy of the window (deleted when the run ends)
     * @param reportArtifact the stored drift report ({@code sha256:...}), recorded as the run's cause for lineage
     */
    public record Alarm(DriftReport report, Path window, Optional<String> reportArtifact) {
        public Alarm {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(reportArtifact, "reportArtifact");
        }

        public String model() {
            return report.model();
        }

        /** One line for people: {@code elec@1 drifted on date, transfer}. */
        public String describe() {
            return report.model() + report.version().map(v -> "@" + v).orElse("") + " drifted on " + String.join(", ", report.drifted());
        }
    }

    /** What a retraining run did. */
    public record RunSummary(String runId, boolean succeeded) {}

    /** Why an alarm started nothing. */
    public enum Reason { NO_DRIFT, IN_FLIGHT, COOLDOWN, DUPLICATE }

    /** The trigger's answer to one alarm. */
    public sealed interface Decision permits Started, Suppressed {}

    /** A retraining run started; the future completes when it has ended and the policy knows (exceptionally if the retrainer threw). */
    public record Started(CompletableFuture<RunSummary> run) implements Decision {}

    /** Nothing started, and why. */
    public record Suppressed(Reason reason, String detail) implements Decision {}

    private static final class State {
        boolean inFlight;
        Optional<Instant> lastEnded = Optional.empty();
        Optional<String> lastSucceeded = Optional.empty();
    }

    private final Retrainer retrainer;
    private final Duration cooldown;
    private final Clock clock;
    private final Path windowsDir;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("sluice-retrain").unstarted(r));
    private final Map<String, State> states = new HashMap<>();

    public RetrainTrigger(Retrainer retrainer, Duration cooldown, Clock clock, Path windowsDir) {
        this.retrainer = Objects.requireNonNull(retrainer, "retrainer");
        this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowsDir = Objects.requireNonNull(windowsDir, "windowsDir");
    }

    /** Decides on a check of the {@link ModelMonitor}: its report, stored report artifact and window. */
    public Decision onReport(ModelMonitor.Outcome outcome) {
        return onReport(outcome.report(), Optional.of(outcome.artifactId()), outcome.windowFile());
    }

    /** Decides on one drift report that was not stored (no lineage to it), starting a run when the policy allows. */
    public Decision onReport(DriftReport report, Path window) {
        return onReport(report, Optional.empty(), window);
    }

    /** Decides on one drift report, starting a run when the policy allows; {@code reportArtifact} becomes the run's cause. */
    public synchronized Decision onReport(DriftReport report, Optional<String> reportArtifact, Path window) {
        if (report.status() != DriftStatus.DRIFT) return new Suppressed(Reason.NO_DRIFT, "no feature drifted");
        State s = states.computeIfAbsent(report.model(), m -> new State());
        String signature = signature(report);
        if (s.inFlight) return new Suppressed(Reason.IN_FLIGHT, "a retraining run of " + report.model() + " is going");
        if (s.lastSucceeded.filter(signature::equals).isPresent()) {
            return new Suppressed(Reason.DUPLICATE, "the same drift already retrained " + report.model() + ": " + signature);
        }
        Instant now = clock.instant();
        if (s.lastEnded.isPresent() && now.isBefore(s.lastEnded.get().plus(cooldown))) {
            return new Suppressed(Reason.COOLDOWN, "cooling down until " + s.lastEnded.get().plus(cooldown));
        }
        Path copy = copyWindow(report.model(), window, now);
        s.inFlight = true;
        LOG.info("drift in {} ({}): starting a retraining run on {}", report.model(), report.drifted(), copy);
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return retrainer.retrain(new Alarm(report, copy, reportArtifact));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, runner);
        // the caller's future completes after the policy has recorded the end
        return new Started(run.whenComplete((summary, error) -> ended(report.model(), signature, summary, copy)));
    }

    private synchronized void ended(String model, String signature, RunSummary summary, Path copy) {
        State s = states.get(model);
        s.inFlight = false;
        s.lastEnded = Optional.of(clock.instant());
        if (summary != null && summary.succeeded()) s.lastSucceeded = Optional.of(signature);
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            LOG.warn("could not delete the retraining window {}: {}", copy, e.getMessage());
        }
    }

    static String signature(DriftReport report) {
        return report.model() + "@" + report.version().map(String::valueOf).orElse("?") + " vs " + report.reference()
                + ": " + String.join(",", new TreeSet<>(report.drifted()));
    }

    private Path copyWindow(String model, Path window, Instant now) {
        try {
            Files.createDirectories(windowsDir);
            Path copy = windowsDir.resolve(PredictionLog.checkName(model) + "-" + now.toEpochMilli() + ".parquet");
            Files.copy(window, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the window " + window + " for retraining: " + e.getMessage(), e);
        }
    }

    /** Lets a running retraining finish, then stops the thread. */
    @Override
    public void close() {
        runner.shutdown();
        try {
            runner.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
