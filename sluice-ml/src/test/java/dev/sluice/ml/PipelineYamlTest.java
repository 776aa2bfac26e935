package dev.sluice.ml;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The table and check components as a pipeline file uses them, validated by the core's loader. */
class PipelineYamlTest {
    @TempDir Path dir;

    private List<String> problems(String yaml) {
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "pipeline.yaml", dir);
        if (!spec.problems().isEmpty()) return spec.problems().stream().map(Problem::format).toList();
        try {
            new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of());
            return List.of();
        } catch (DefinitionException e) {
            return e.problems().stream().map(Problem::format).toList();
        }
    }

    @Test
    void aChurnPipelineOfTableAndCheckComponentsValidates() {
        String yaml = """
                pipeline: churn
                steps:
                  load:
                    uses: csv
                    with: {path: data/churn.csv, nulls: ["", " "], columns: ["TotalCharges:double"], on_error: quarantine}
                  extra: {uses: jdbc, with: {url: "jdbc:duckdb:", query: "SELECT 1 AS x", user: me, password_env: DB_PASSWORD}}
                  join:
                    uses: sql
                    inputs: {tables: [load.data, extra.data]}
                    with: {names: [customers, extra], query: "SELECT * FROM customers, extra"}
                  check:
                    uses: expect
                    inputs: {data: join.data}
                    with:
                      columns:
                        tenure: {min: 0, max: 120, nulls: 0}
                        Churn: {in: ["Yes", "No"]}
                      rows: {min: 100}
                  split: {uses: split, inputs: {data: check.data}, with: {test: 0.2, method: stratified, stratify: Churn, seed: 7}}
                  reference: {uses: profile, inputs: {data: split.train}}
                """;
        assertThat(problems(yaml)).isEmpty();
    }

    @Test
    void splitFractionOutOfBoundsIsADefinitionProblem() {
        String yaml = """
                pipeline: p
                steps:
                  load: {uses: parquet, with: {path: x.parquet}}
                  split: {uses: split, inputs: {data: load.data}, with: {test: 1.5, method: shuffle}}
                """;
        assertThat(String.join("\n", problems(yaml))).contains("test = 1.5 is above the maximum 1", "method = 'shuffle' is not one of [random, stratified, time, ordered]");
    }
}
