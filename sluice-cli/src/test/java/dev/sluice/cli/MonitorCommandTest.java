package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ml.table.DuckSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice monitor} on a model trained and profiled on early Elec2 (sluice-serve/src/test/resources/elec2). */
class MonitorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path early;
    static Path late;

    static Cli cli() {
        return new Cli(dir, Map.of("SLUICE_HOME", dir.resolve("home").toString()));
    }

    static Path parquet(String slice) throws Exception {
        Path csv = Cli.repoRoot().resolve("sluice-serve/src/test/resources/elec2/" + slice + ".csv");
        Path out = dir.resolve(slice + ".parquet");
        try (DuckSession db = DuckSession.open(1)) {
            db.copyToParquet("SELECT * FROM read_csv(" + DuckSession.literal(csv) + ")", out);
        }
        return out;
    }

    @BeforeAll
    static void train() throws Exception {
        early = parquet("early");
        late = parquet("late");
        Files.writeString(dir.resolve("train.yaml"), """
                pipeline: elec
                params:
                  data: {type: path}
                steps:
                  load:     {uses: parquet, with: {path: "${params.data}"}}
                  profile:  {uses: profile, inputs: {data: load.data}}
                  train:    {uses: logistic, inputs: {train: load.data}, with: {target: class}}
                  register: {uses: register, inputs: {model: train.model}, with: {name: elec, alias: champion}}
                """);
        Cli.Result r = cli().run("run", "train.yaml", "-p", "data=" + early);
        assertThat(r.code()).as(r.err() + r.out()).isZero();
    }

    @Test
    void laterDataDriftsAndExitsOne() throws Exception {
        Cli.Result r = cli().run("monitor", "elec@champion", "--data", late.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("feature", "PSI", "KS", "status", "transfer", "DRIFT:", "report sha256:");

        Cli.Result json = cli().run("monitor", "elec@champion", "--data", late.toString(), "--json");
        assertThat(json.code()).isEqualTo(1);
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("format").asText()).isEqualTo("sluice-drift/1");
        assertThat(report.get("status").asText()).isEqualTo("drift");
        assertThat(report.get("version").asInt()).isEqualTo(1);
        assertThat(report.get("features").size()).isEqualTo(8);
    }

    @Test
    void trainingDataItselfExitsZero() {
        Cli.Result r = cli().run("monitor", "elec", "--data", early.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("OK: 0 drifted, 0 warnings, 8 ok, 0 skipped");
    }

    @Test
    void aLooserThresholdAndAnExplicitReferenceAreAccepted() throws Exception {
        JsonNode report = JSON.readTree(cli().run("monitor", "elec", "--data", late.toString(), "--json").out());
        String reference = report.get("reference").asText();
        Cli.Result r = cli().run("monitor", "elec", "--data", late.toString(), "--reference", reference.substring(7, 19),
                "--threshold", "psi=50", "--threshold", "ks_p=0", "--json");
        JsonNode loose = JSON.readTree(r.out());
        assertThat(loose.get("reference").asText()).isEqualTo(reference);
        assertThat(loose.get("thresholds").get("psi").asDouble()).isEqualTo(50);
        assertThat(r.code()).isZero();
    }

    @Test
    void badUsageExitsTwoAndSaysWhatToDo() {
        Cli.Result unknown = cli().run("monitor", "nosuch", "--data", late.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no model nosuch in the registry", "sluice models");

        Cli.Result threshold = cli().run("monitor", "elec", "--threshold", "kl=1");
        assertThat(threshold.code()).isEqualTo(2);
        assertThat(threshold.err()).startsWith("sluice monitor: unknown threshold 'kl'; use psi, psi_warning or ks_p, e.g. psi=0.25");

        Cli.Result noLog = cli().run("monitor", "elec");
        assertThat(noLog.code()).isEqualTo(2);
        assertThat(noLog.err()).contains("no predictions logged for model elec", "--data FILE.parquet");
    }

    @Test
    void driftTriggersTheRetrainPipelineWithTheWindow() throws Exception {
        Files.writeString(dir.resolve("retrain.yaml"), """
                pipeline: elec-retrain
                params:
                  data: {type: path}
                steps:
                  load:    {uses: parquet, with: {path: "${params.data}"}}
                  profile: {uses: profile, inputs: {data: load.data}}
                """);
        Cli.Result r = cli().run("monitor", "elec", "--data", late.toString(), "--retrain", "retrain.yaml");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("drift: retraining with retrain.yaml", "succeeded");
    }
}
