package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Value conversion and shape errors inside one step, written inline. */
class StepValuesTest {
    private final YamlPipelineLoader loader = new YamlPipelineLoader();

    private PipelineSpec step(String body) {
        return loader.parse("pipeline: p\nsteps:\n  s: " + body + "\n", "p.yaml", Path.of("."));
    }

    private List<String> problems(String body) {
        return step(body).problems().stream().map(Problem::format).toList();
    }

    @Test
    void convertsWithValuesByTheirYamlType() {
        PipelineSpec spec = step("{uses: c, with: {a: 1, b: 1.5, c: .inf, d: .nan, e: True, f: \"1\", g: 0x10, h: [1, x], i: {j: -.inf}}}");
        Map<String, Object> with = spec.steps().get("s").with();
        assertThat(spec.problems()).isEmpty();
        assertThat(with.get("a")).isEqualTo(1L);
        assertThat(with.get("b")).isEqualTo(1.5);
        assertThat(with.get("c")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat((Double) with.get("d")).isNaN();
        assertThat(with.get("e")).isEqualTo(true);
        assertThat(with.get("f")).isEqualTo("1");
        assertThat(with.get("g")).isEqualTo(16L);
        assertThat(with.get("h")).isEqualTo(List.of(1L, "x"));
        assertThat(with.get("i")).isInstanceOf(LinkedHashMap.class).isEqualTo(Map.of("j", Double.NEGATIVE_INFINITY));
    }

    @Test
    void keepsRunArgumentsAsWritten() {
        assertThat(step("{run: [train, 0.10, 7, true]}").steps().get("s").run()).containsExactly("train", "0.10", "7", "true");
    }

    @Test
    void readsSingleReferencesAndBooleanConditions() {
        PipelineSpec spec = step("{uses: c, inputs: {data: load.data}, after: load, when: false, code: a.py}");
        assertThat(spec.steps().get("s").inputs()).containsEntry("data", List.of("load.data"));
        assertThat(spec.steps().get("s").after()).containsExactly("load");
        assertThat(spec.steps().get("s").when()).contains("false");
        assertThat(spec.steps().get("s").code()).containsExactly("a.py");
        assertThat(spec.locations().get("steps.s.code[0]")).isEqualTo(spec.locations().get("steps.s.code"));
    }

    @Test
    void retriesZeroMeansNoRetries() {
        assertThat(step("{uses: c, retries: 0}").steps().get("s").retries()).isEqualTo(RetryPolicy.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {uses: c, with: {a: [1, ~]}}            | p.yaml:3:30: 'a[1]' has no value. Write a value, or remove the key; quote "null" to pass the text null.
            {run: [a, [b]]}                         | p.yaml:3:16: run[1] must be a single value, got a list. Example: run: [python3, train.py, --epochs, "${params.epochs}"]
            {run: []}                               | p.yaml:3:12: run must be a non-empty argument list, got a list. Example: run: [python3, train.py, --epochs, "${params.epochs}"]
            {uses: c, inputs: {data: [a.x, 3]}}     | p.yaml:3:37: data[1] must be text, got 3. Example: data: load.data
            {uses: c, inputs: {data: []}}           | p.yaml:3:31: input 'data' lists no references. Name the outputs it reads, e.g. data: [a.model, b.model], or remove it.
            {uses: c, env: {1X: a}}                 | p.yaml:3:22: invalid environment variable name '1X'. Use letters, digits and '_', not starting with a digit.
            {uses: c, retries: {max: 2, wait: 1s}}  | p.yaml:3:34: unknown key 'wait' in retries. Valid keys: max, backoff, factor.
            {uses: c, retries: {backoff: 1s}}       | p.yaml:3:25: retries needs max: (how many times to try again). Example: retries: {max: 3, backoff: 500ms}
            {uses: c, retries: {max: 1, factor: 0.5}} | p.yaml:3:42: factor must be at least 1, got 0.5. Use 1 for a fixed wait or 2 to double the wait before each retry.
            {uses: c, resources: {cpus: 2}}         | p.yaml:3:28: unknown key 'cpus' in resources. Did you mean 'cpu'?
            {uses: c, timeout: 0s}                  | p.yaml:3:25: timeout must be positive, got '0s'. Write a duration such as 500ms, 30s, 5m, 2h or 1h30m, or a whole number of seconds.
            {uses: c, checks: {auc: [1]}}           | p.yaml:3:30: auc must be text, got a list. Example: auc: ">= 0.8"
            {uses: c, outputs: model}               | p.yaml:3:25: outputs must be a list of names or a map of name to kind, got 'model'. Example: outputs: [model] or outputs: {model: model, scores: table}
            {uses: c, matrix: {eta: [[1]]}}         | p.yaml:3:31: eta[0] must be a single value, got a list. Example: eta: [0.05, 0.1, 0.3]
            {uses: 3}                               | p.yaml:3:13: uses must be text, got 3. Example: uses: csv
            """)
    void reportsWrongShapesInsideAStep(String body, String expected) {
        assertThat(problems(body.strip())).containsExactly(expected.strip());
    }

    @Test
    void nonMapStepIsReportedAndLeftOut() {
        PipelineSpec spec = step("csv");
        assertThat(spec.problems()).map(Problem::format).containsExactly(
                "p.yaml:3:6: step 's' must be a map of keys such as uses:, run:, inputs:, got 'csv'"
                        + ". Example: s: {uses: csv, with: {path: data.csv}}");
        assertThat(spec.steps()).isEmpty();
    }

    @Test
    void paramWithoutTypeOrDefaultIsReported() {
        PipelineSpec spec = loader.parse("pipeline: p\nparams:\n  a: {doc: x}\n  b:\nsteps:\n  s: {uses: c}\n", "p.yaml", Path.of("."));
        assertThat(spec.problems()).map(Problem::format).containsExactly(
                "p.yaml:3:6: parameter 'a' needs a type: or a default: Example: epochs: {type: int, default: 10, min: 1}",
                "p.yaml:4:5: parameter 'b' has no default and no type. Give a default (b: 10) or a type (b: {type: int}).");
        assertThat(spec.params().get("a").required()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "5m,300000", "2h,7200000", "1h30m,5400000", "1m30s,90000", "2s500ms,2500"})
    void parsesDurations(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"''", "5 minutes", "1.5s", "30m1h", "ms", "-5s"})
    void rejectsOtherDurations(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void suggestsRunListOnlyForPlainCommands() {
        assertThat(Commands.suggestRun("python3 train.py --epochs ${params.epochs}"))
                .contains("run: [python3, train.py, --epochs, \"${params.epochs}\"]");
        assertThat(Commands.suggestRun("cat a.csv | sort > b.csv")).isEqualTo(Optional.empty());
    }
}
