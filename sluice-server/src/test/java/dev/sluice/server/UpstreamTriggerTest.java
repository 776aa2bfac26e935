package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of an upstream pipeline that ends as the trigger says starts the downstream pipeline once, with its outputs. */
class UpstreamTriggerTest {
    static final String TRAIN = """
            pipeline: train
            params:
              n: {type: int, default: 0}
            steps:
              model: {uses: concat, with: {text: "model ${params.n}\\n"}}
            """;
    static final String FLAKY = """
            pipeline: flaky
            steps:
              model: {uses: concat, with: {text: "one line\\n"}}
              check: {uses: count, inputs: {in: model.out}, checks: {lines: ">= 5"}}
            """;
    static final String DEPLOY = """
            pipeline: deploy
            params:
              train_run: {type: string, default: none}
              model: {type: string, default: none}
            triggers:
              - {name: after_train, upstream: {pipeline: train, status: succeeded, run_param: train_run, outputs: {model: model.out}}}
              - {name: after_flaky, upstream: {pipeline: flaky, status: succeeded, run_param: train_run}}
            steps:
              s: {uses: concat, with: {text: "${params.train_run}\\n"}}
            """;

    @Test
    void eachSucceededUpstreamRunStartsTheDownstreamPipelineOnceWithItsRunIdAndOutputs(@TempDir Path tmp) throws IOException {
        try (TriggerServer s = new TriggerServer(tmp, Map.of("train.yaml", TRAIN, "flaky.yaml", FLAKY, "deploy.yaml", DEPLOY), Map.of())) {
            Api.Reply f = s.api.post("/api/v1/runs", s.admin, Map.of("pipeline", "flaky"));
            assertThat(s.awaitEnd(f.json().path("run_id").asText()).path("status").asText()).isNotEqualTo("succeeded");

            String train = s.api.post("/api/v1/runs", s.admin, Map.of("pipeline", "train", "params", Map.of("n", 1)))
                    .json().path("run_id").asText();
            assertThat(s.awaitEnd(train).path("status").asText()).isEqualTo("succeeded");
            String deploy = s.awaitRuns("deploy", 1).getFirst();
            JsonNode run = s.awaitEnd(deploy);
            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("parameters").path("train_run").asText()).isEqualTo(train);
            assertThat(Files.readString(Path.of(run.path("parameters").path("model").asText()))).isEqualTo("model 1\n");
            assertThat(run.path("trigger").path("kind").asText()).isEqualTo("upstream");
            assertThat(run.path("trigger").path("detail").asText()).isEqualTo("after_train: run " + train + " of train succeeded");
            assertThat(run.path("submitted_by").asText()).isEqualTo("upstream:deploy/after_train");

            String second = s.api.post("/api/v1/runs", s.admin, Map.of("pipeline", "train", "params", Map.of("n", 2)))
                    .json().path("run_id").asText();
            s.awaitEnd(second);
            List<String> deploys = s.awaitRuns("deploy", 2);
            s.awaitEnd(deploys.getFirst());
            assertThat(s.runs("deploy")).as("one downstream run per upstream run, none for the failed one").hasSize(2);
            assertThat(s.api.get("/api/v1/runs/" + deploys.getFirst(), s.admin).json().path("parameters").path("train_run")
                    .asText()).isEqualTo(second);
        }
    }
}
