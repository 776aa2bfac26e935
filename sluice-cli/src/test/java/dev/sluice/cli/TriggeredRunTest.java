package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run started by a drift alarm, as {@code show}, {@code runs --json} and {@code models --json} report it. */
class TriggeredRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT = "sha256:" + "c".repeat(64);

    @TempDir Path home;
    @TempDir Path work;

    @Test
    void showRunsAndModelsNameTheDriftReportThatStartedTheRun() throws Exception {
        String runId;
        try (Workspace ws = Workspace.open(home)) {
            Component model = Component.of(ComponentSpec.builder("fake_model", "1").output("model", PortKind.MODEL).build(),
                    ctx -> Files.writeString(ctx.outputDir("model").resolve("model.txt"), "m"));
            Pipeline p = Pipeline.builder("retrain")
                    .step("train", s -> s.uses(model))
                    .step("register", s -> s.uses("register").input("model", "train.model").with("name", "m").cache(false))
                    .build();
            RunResult r = new LocalExecutor(RunOptions.defaults(home).withTrigger(RunTrigger.drift(REPORT, "m@1 drifted on x")), ws)
                    .run(p, RunListener.NONE);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            runId = r.runId();
        }
        Cli cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));

        Cli.Result show = cli.run("show", runId);
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("started by: drift (m@1 drifted on x), report " + REPORT);

        JsonNode run = JSON.readTree(cli.run("runs", "--json").out()).get("runs").get(0);
        assertThat(run.get("trigger").get("kind").asText()).isEqualTo("drift");
        assertThat(run.get("trigger").get("artifact").asText()).isEqualTo(REPORT);
        assertThat(JSON.readTree(cli.run("show", runId, "--json").out()).get("trigger").get("detail").asText())
                .isEqualTo("m@1 drifted on x");

        JsonNode version = JSON.readTree(cli.run("models", "m", "--json").out()).get(0);
        assertThat(version.get("run_id").asText()).isEqualTo(runId);
        assertThat(version.get("trigger").get("artifact").asText()).isEqualTo(REPORT);
    }
}
