package dev.sluice.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The monitor on real data: a model trained and profiled on early Elec2, checked on a later period and on itself. Each
 * test trains into a workspace of its own, so none depends on what another did (a version registered, an alias moved,
 * predictions logged); the Elec2 slices are read-only inputs shared by all.
 */
class ModelMonitorTest {
    @TempDir static Path data;
    static Path early;
    static Path late;

    @TempDir Path home;
    Workspace ws;

    @BeforeAll
    static void slices() throws Exception {
        early = Elec2.parquet("early", data);
        late = Elec2.parquet("late", data);
    }

    @BeforeEach
    void train() {
        ws = Workspace.open(home);
        RunResult r = Elec2.run(ws, "elec-train.yaml", Map.of("data", early.toString()));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private ModelMonitor.Outcome check(Path window) {
        return new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
                .check(new ModelMonitor.Request("elec@champion", Optional.empty(), Optional.of(window), 10_000, Optional.empty()));
    }

    @Test
    void laterPeriodDriftsOnTheVictorianColumns() {
        DriftReport report = check(late).report();
        assertThat(report.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(report.version()).contains(1);
        // vicprice, vicdemand and transfer were constant (imputed) early on and vary later; the date moves on
        assertThat(report.drifted()).contains("vicprice", "vicdemand", "transfer", "date");
        FeatureDrift transfer = report.features().stream().filter(f -> f.name().equals("transfer")).findFirst().orElseThrow();
        assertThat(transfer.psi()).isGreaterThan(1.0);
        assertThat(transfer.ksPValue()).isLessThan(1e-6);
        // the model's inputs, not its target
        assertThat(report.features()).extracting(FeatureDrift::name)
                .containsExactly("date", "day", "period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer");
    }

    @Test
    void earlyPeriodAgainstItselfDoesNotDrift() {
        DriftReport report = check(early).report();
        assertThat(report.status()).as(report.toText()).isEqualTo(DriftStatus.OK);
        for (FeatureDrift f : report.features()) {
            assertThat(f.psi()).as(f.name()).isLessThan(1e-6);
            assertThat(f.ksLower()).as(f.name()).isLessThan(0.01);
            assertThat(f.ksPValue()).as(f.name()).isGreaterThan(0.5);
            assertThat(f.status()).as(f.name()).isEqualTo(DriftStatus.OK);
        }
    }

    @Test
    void reportIsStoredAsARecordedArtifact() throws Exception {
        ModelMonitor.Outcome o = check(late);
        Optional<ArtifactRow> row = ws.metadata().queries().artifact(o.artifactId());
        assertThat(row).isPresent();
        assertThat(row.get().kind()).isEqualTo("metrics");
        Path stored = ws.store().path(Digest.parse(o.artifactId())).orElseThrow();
        JsonNode json = new ObjectMapper().readTree(Files.readString(stored));
        assertThat(json.get("format").asText()).isEqualTo("sluice-drift/1");
        assertThat(json.get("status").asText()).isEqualTo("drift");
        assertThat(json.get("reference").asText()).startsWith("sha256:");
        assertThat(json.get("window").get("rows").asLong()).isEqualTo(3000);
        assertThat(json.get("features").get(0).get("bins").size()).isEqualTo(json.get("features").get(0).get("expected").size());
    }

    @Test
    void explicitReferenceFileWorksWithoutARegisteredModel() throws Exception {
        ModelMonitor.Outcome auto = check(late);
        Path profile = ws.store().path(Digest.parse(auto.report().reference())).orElseThrow();
        DriftReport r = new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC()).check(new ModelMonitor.Request(
                "elsewhere", Optional.of(profile.toString()), Optional.of(late), 10_000, Optional.empty())).report();
        assertThat(r.version()).isEmpty();
        assertThat(r.drifted()).contains("transfer");
        // without the model's input schema, every profile column the data has, the target included
        assertThat(r.features()).extracting(FeatureDrift::name).contains("class");
    }

    @Test
    void checksTheNewestRowsOfThePredictionLog() throws Exception {
        try (PredictionLog log = PredictionLog.open(ws.home(), PredictionLog.Options.DEFAULTS)) {
            var frame = dev.sluice.ml.table.TableIO.read(early);
            List<String> names = frame.names();
            for (int r = 0; r < frame.rows(); r++) {
                Map<String, Object> features = new java.util.LinkedHashMap<>();
                for (String n : names) {
                    if (n.equals("class")) continue;
                    switch (frame.column(n)) {
                        case dev.sluice.ml.table.Column.Doubles d -> features.put(n, d.values()[r]);
                        case dev.sluice.ml.table.Column.Longs l -> features.put(n, l.values()[r]);
                        default -> { }
                    }
                }
                log.append("elec", 1, features, 0.5, "UP", Instant.ofEpochMilli(1_000_000L + r));
            }
        }
        ModelMonitor.Outcome o = new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC())
                .check(new ModelMonitor.Request("elec", Optional.empty(), Optional.empty(), 2000, Optional.empty()));
        assertThat(o.report().window().source()).isEqualTo("prediction-log");
        assertThat(o.report().window().rows()).isEqualTo(2000);
        assertThat(o.report().window().from()).contains(Instant.ofEpochMilli(1_001_000L));
        assertThat(o.temporary()).isTrue();
        // the newest 2000 rows of the early period are a later stretch of it: its drifts are not checked here,
        // only that the window was cut and compared
        assertThat(o.report().features()).hasSize(8);
    }

    @Test
    void aNameWithoutAliasMeansTheChampionAsInServeNotTheNewestVersion() {
        RunResult second = Elec2.run(ws, "elec-train.yaml", Map.of("data", late.toString()));
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        int newest = ws.metadata().models().resolve("elec").orElseThrow().version();
        assertThat(newest).isGreaterThan(1);
        ws.metadata().models().alias("elec", 1, "champion");

        DriftReport report = new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC())
                .check(new ModelMonitor.Request("elec", Optional.empty(), Optional.of(early), 10_000, Optional.empty())).report();
        assertThat(report.version()).contains(1);
    }

    @Test
    void aModelWhoseRunHasNoProfileStepSaysWhatToDo() {
        // trained on the late slice: on the early one it would be elec@1's very artifact, whose run has a profile
        RunResult bare = Elec2.run(ws, "elec-train-without-profile.yaml", Map.of("data", late.toString()));
        assertThat(bare.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThatThrownBy(() -> new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC())
                .check(new ModelMonitor.Request("bare", Optional.empty(), Optional.of(late), 10, Optional.empty())))
                .isInstanceOf(ModelMonitor.MonitorException.class)
                .hasMessage("model bare@1 has no training profile: the runs that produced it (" + bare.runId() + ") have no"
                        + " step named 'profile'. Add `profile: {uses: profile, inputs: {data: split.train}}` to the pipeline"
                        + " and run it again, or give a profile with --reference");
    }

    @Test
    void anUnknownModelSaysHowToListModels() {
        assertThatThrownBy(() -> new ModelMonitor(ws, DriftThresholds.DEFAULTS, Clock.systemUTC())
                .check(new ModelMonitor.Request("nosuch", Optional.empty(), Optional.of(late), 10, Optional.empty())))
                .isInstanceOf(ModelMonitor.MonitorException.class)
                .hasMessage("no model nosuch in the registry of " + ws.home()
                        + "; list models with: sluice models (or give the profile with --reference)");
    }
}
