package dev.sluice.monitor;

import dev.sluice.exec.RunOptions;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunTrigger;
import dev.sluice.meta.StepRunRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class RetrainTriggerTest {
    @TempDir Path dir;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** Runs end when the test completes their future. */
    static final class HeldRetrainer implements RetrainTrigger.Retrainer {
        final List<CompletableFuture<Boolean>> runs = new ArrayList<>();
        final List<Path> windows = new ArrayList<>();

        @Override
        public RetrainTrigger.RunSummary retrain(RetrainTrigger.Alarm alarm) throws Exception {
            Path window = alarm.window();
            CompletableFuture<Boolean> f;
            synchronized (this) {
                f = new CompletableFuture<>();
                runs.add(f);
                windows.add(window);
                notifyAll();
            }
            assertThat(window).exists();
            return new RetrainTrigger.RunSummary("run-" + runs.size(), f.get());
        }

        synchronized CompletableFuture<Boolean> awaitRun(int n) throws InterruptedException {
            while (runs.size() < n) wait();
            return runs.get(n - 1);
        }
    }

    private static DriftReport report(int version, DriftStatus status, String... drifted) {
        List<FeatureDrift> features = new ArrayList<>();
        for (String f : drifted) features.add(feature(f, status));
        features.add(feature("steady", DriftStatus.OK));
        return new DriftReport("churn", Optional.of(version), "sha256:ref", new DriftReport.Window("file", "w.parquet", 10,
                Optional.empty(), Optional.empty()), Instant.EPOCH, DriftThresholds.DEFAULTS, features);
    }

    private static FeatureDrift feature(String name, DriftStatus status) {
        return new FeatureDrift(name, "numeric", status, 0.5, 0.1, 0.1, 0.001, 10, 0, List.of(), new double[0], new double[0], Optional.empty());
    }

    private Path window() throws Exception {
        Path w = dir.resolve("window.parquet");
        if (!Files.exists(w)) Files.writeString(w, "not really parquet; the fake retrainer does not read it");
        return w;
    }

    @Test
    void policyAllowsOneRunInFlightThenCoolsDownThenDedupes() throws Exception {
        MutableClock clock = new MutableClock();
        HeldRetrainer retrainer = new HeldRetrainer();
        try (RetrainTrigger trigger = new RetrainTrigger(retrainer, Duration.ofMinutes(10), clock, dir.resolve("windows"))) {
            assertThat(trigger.onReport(report(1, DriftStatus.OK), window()))
                    .isEqualTo(new RetrainTrigger.Suppressed(RetrainTrigger.Reason.NO_DRIFT, "no feature drifted"));

            var first = (RetrainTrigger.Started) trigger.onReport(report(1, DriftStatus.DRIFT, "tenure"), window());
            retrainer.awaitRun(1);
            // while it runs, any alarm is suppressed
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "tenure"), window()))
                    .extracting(d -> ((RetrainTrigger.Suppressed) d).reason()).isEqualTo(RetrainTrigger.Reason.IN_FLIGHT);
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "charges"), window()))
                    .extracting(d -> ((RetrainTrigger.Suppressed) d).reason()).isEqualTo(RetrainTrigger.Reason.IN_FLIGHT);

            retrainer.awaitRun(1).complete(true);
            assertThat(first.run().get()).isEqualTo(new RetrainTrigger.RunSummary("run-1", true));
            assertThat(retrainer.windows.getFirst()).doesNotExist();      // the copy is removed after the run

            // the same alarm again: a duplicate, even after the cooldown
            clock.now = clock.now.plus(Duration.ofMinutes(30));
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "tenure"), window()))
                    .extracting(d -> ((RetrainTrigger.Suppressed) d).reason()).isEqualTo(RetrainTrigger.Reason.DUPLICATE);

            // another drift within the cooldown of the last run's end waits
            clock.now = clock.now.minus(Duration.ofMinutes(25));
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "tenure", "charges"), window()))
                    .extracting(d -> ((RetrainTrigger.Suppressed) d).reason()).isEqualTo(RetrainTrigger.Reason.COOLDOWN);
            // after it, it starts
            clock.now = clock.now.plus(Duration.ofMinutes(10));
            var second = (RetrainTrigger.Started) trigger.onReport(report(1, DriftStatus.DRIFT, "tenure", "charges"), window());
            retrainer.awaitRun(2).complete(false);
            assertThat(second.run().get().succeeded()).isFalse();
            // a failed run does not dedupe: the same alarm retries once the cooldown is over
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "tenure", "charges"), window()))
                    .extracting(d -> ((RetrainTrigger.Suppressed) d).reason()).isEqualTo(RetrainTrigger.Reason.COOLDOWN);
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            var third = (RetrainTrigger.Started) trigger.onReport(report(1, DriftStatus.DRIFT, "tenure", "charges"), window());
            retrainer.awaitRun(3).complete(true);
            third.run().get();
            // a new model version with the same drifted feature is a new alarm
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            var fourth = (RetrainTrigger.Started) trigger.onReport(report(2, DriftStatus.DRIFT, "tenure", "charges"), window());
            retrainer.awaitRun(4).complete(true);
            fourth.run().get();
        }
    }

    @Test
    void aRetrainerThatThrowsEndsTheRunAndFreesThePolicy() throws Exception {
        MutableClock clock = new MutableClock();
        try (RetrainTrigger trigger = new RetrainTrigger(alarm -> {
            throw new IllegalStateException("boom");
        }, Duration.ZERO, clock, dir.resolve("windows"))) {
            var s = (RetrainTrigger.Started) trigger.onReport(report(1, DriftStatus.DRIFT, "x"), window());
            assertThat(s.run()).failsWithin(Duration.ofMinutes(1));
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "x"), window())).isInstanceOf(RetrainTrigger.Started.class);
        }
    }

    @Test
    void triggersARealPipelineRunWithTheWindowAsDataParameter() throws Exception {
        Path late = Elec2.parquet("late", dir);
        try (Workspace ws = Workspace.open(dir.resolve("home"));
             RetrainTrigger trigger = new RetrainTrigger(new PipelineRetrainer(ws,
                     Elec2.RESOURCES.resolve("pipelines/retrain-window.yaml"), Map.of(), RunOptions.defaults(ws.home())),
                     Duration.ofMinutes(10), Clock.systemUTC(), ws.home().resolve("tmp/retrain"))) {
            String reportId = "sha256:" + "b".repeat(64);
            var started = (RetrainTrigger.Started) trigger.onReport(report(1, DriftStatus.DRIFT, "transfer"), Optional.of(reportId), late);
            RetrainTrigger.RunSummary run = started.run().get();
            assertThat(run.succeeded()).isTrue();
            ws.metadata().writer().flush();
            assertThat(ws.metadata().queries().trigger(run.runId()))
                    .hasValue(RunTrigger.drift(reportId, "churn@1 drifted on transfer"));
            StepRunRow profile = ws.metadata().queries().stepRun(run.runId(), "profile").orElseThrow();
            assertThat(profile.metrics()).containsEntry("rows", 3000.0);
            assertThat(trigger.onReport(report(1, DriftStatus.DRIFT, "transfer"), late))
                    .isInstanceOf(RetrainTrigger.Suppressed.class);
        }
    }
}
