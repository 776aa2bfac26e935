package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.MetricSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a component declares about its parameters and metrics is checked before the run, with FILE:LINE:COL. */
class DeclaredRulesTest {
    static final Component SPLIT = Component.of(ComponentSpec.builder("split", "1")
            .output("train", PortKind.TABLE)
            .param(ParamSpec.of("method", ParamType.ENUM, "random").withAllowed(List.of("random", "time")))
            .param(new ParamSpec("time_column", ParamType.STRING, Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), false, "column ordering rows in time"))
            .param(ParamSpec.of("query", ParamType.STRING, ""))
            .param(ParamSpec.of("file", ParamType.STRING, ""))
            .param(ParamSpec.of("test", ParamType.DOUBLE, 0.2))
            .param(ParamSpec.of("validation", ParamType.DOUBLE, 0.0))
            .rule(ParamRule.requiredWhen("time_column", "method", "time"))
            .rule(ParamRule.exclusive("query", "file"))
            .rule(ParamRule.check("test + validation < 1", v -> (double) v.get("test") + (double) v.get("validation") >= 1
                    ? Optional.of("test + validation = " + ((double) v.get("test") + (double) v.get("validation"))
                    + " leaves no rows for train") : Optional.empty(), "test", "validation"))
            .metric("train_rows", "rows in train").metric("test_rows", "rows in test")
            .build(), ctx -> { });
    static final Component EVALUATE = Component.of(ComponentSpec.builder("evaluate", "1")
            .input("data", PortKind.TABLE)
            .metric("auc", "area under the ROC curve").metric("accuracy", "share of right labels")
            .metric("baseline.*", "the baseline's metrics").metric("*_gain", "gain over the baseline")
            .build(), ctx -> { });
    static final Component QUIET = Component.of(ComponentSpec.builder("quiet", "1")
            .input("data", PortKind.TABLE).noMetrics().build(), ctx -> { });
    static final Component UNDECLARED = Component.of(ComponentSpec.builder("undeclared", "1")
            .input("data", PortKind.TABLE).build(), ctx -> { });
    static final ComponentRegistry REGISTRY = ComponentRegistry.empty().with(SPLIT).with(EVALUATE).with(QUIET).with(UNDECLARED);

    private static List<String> problems(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of("").toAbsolutePath());
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(REGISTRY).validate(spec, Map.of()));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    private static Pipeline valid(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of("").toAbsolutePath());
        return new PipelineValidator(REGISTRY).validate(spec, Map.of());
    }

    @Test
    void aParameterRequiredByAnotherIsReportedWhereTheOtherIsSet() {
        assertThat(problems("""
                pipeline: p
                steps:
                  split: {uses: split, with: {method: time}}
                """)).containsExactly("p.yaml:3:39: step 'split': method: time needs parameter 'time_column'."
                + " Add with: {time_column: VALUE}, or choose another method.");
        assertThat(valid("""
                pipeline: p
                steps:
                  split: {uses: split, with: {method: time, time_column: day}}
                """).steps()).hasSize(1);
    }

    @Test
    void onlyTheMatrixInstanceThatBreaksTheRuleIsReported() {
        assertThat(problems("""
                pipeline: p
                steps:
                  split: {uses: split, matrix: {method: [random, time]}}
                """)).containsExactly("p.yaml:3:41: step 'split': method: time needs parameter 'time_column'."
                + " Add with: {time_column: VALUE}, or choose another method.");
    }

    @Test
    void exclusiveParametersAndChecksOverSeveralAreReported() {
        assertThat(problems("""
                pipeline: p
                steps:
                  split: {uses: split, with: {query: "SELECT 1", file: q.sql, test: 0.5, validation: 0.5}}
                """)).containsExactly(
                "p.yaml:3:56: step 'split': parameters query and file exclude each other. Give only one of query, file.",
                "p.yaml:3:69: step 'split': test + validation = 1.0 leaves no rows for train");
    }

    @Test
    void aRuleOverAValueKnownOnlyAtRunTimeIsLeftToTheRun() {
        assertThat(valid("""
                pipeline: p
                steps:
                  first: {uses: split, with: {method: random}}
                  split: {uses: split, with: {method: "${steps.first.metrics.train_rows}"}, after: [first]}
                """).steps()).hasSize(2);
    }

    @Test
    void aCheckOnAMetricTheComponentNeverReportsSuggestsAndListsWhatItReports() {
        assertThat(problems("""
                pipeline: p
                steps:
                  split: {uses: split}
                  evaluate: {uses: evaluate, inputs: {data: split.train}, checks: {roc_auc: ">= 0.8"}}
                """)).containsExactly("p.yaml:4:77: check 'roc_auc' of step 'evaluate': component 'evaluate' never reports"
                + " metric 'roc_auc'. Did you mean 'auc'? It reports auc, accuracy, and metrics named baseline.*, *_gain.");
    }

    @Test
    void metricsMatchingADeclaredPatternAreAccepted() {
        assertThat(valid("""
                pipeline: p
                steps:
                  split: {uses: split}
                  evaluate: {uses: evaluate, inputs: {data: split.train},
                             checks: {auc: ">= 0.8", auc_gain: ">= -0.01", baseline.auc: "> 0"}}
                """).steps()).hasSize(2);
    }

    @Test
    void aConditionReadingAMetricThatIsNeverReportedIsReported() {
        assertThat(problems("""
                pipeline: p
                steps:
                  split: {uses: split}
                  evaluate: {uses: evaluate, inputs: {data: split.train}, when: "${steps.split.metrics.rows} > 10"}
                """)).containsExactly("p.yaml:4:65: '${steps.split.metrics.rows}' reads step 'split', but component 'split'"
                + " never reports metric 'rows'. Did you mean 'train_rows' or 'test_rows'? It reports train_rows, test_rows.");
    }

    @Test
    void componentsThatDeclareNoMetricsAndCommandStepsAreNotChecked() {
        assertThat(problems("""
                pipeline: p
                steps:
                  split: {uses: split}
                  quiet: {uses: quiet, inputs: {data: split.train}, checks: {rows: "> 0"}}
                """)).containsExactly("p.yaml:4:68: check 'rows' of step 'quiet': component 'quiet' never reports metric"
                + " 'rows'. It reports no metrics.");
        assertThat(valid("""
                pipeline: p
                steps:
                  split: {uses: split}
                  any: {uses: undeclared, inputs: {data: split.train}, checks: {rows: "> 0"}}
                  cmd: {run: [echo], checks: {whatever: "> 0"}}
                """).steps()).hasSize(3);
    }

    @Test
    void aRuleMustReadDeclaredParameters() {
        assertThatThrownBy(() -> ComponentSpec.builder("x", "1").param(ParamSpec.of("a", ParamType.STRING, ""))
                .rule(ParamRule.exclusive("a", "b")).build())
                .hasMessage("component x: rule 'at most one of a, b' reads parameter 'b', which it does not declare");
    }

    @Test
    void patternsMatchAnyCharactersIncludingDots() {
        assertThat(new MetricSpec("baseline.*", "").matches("baseline.auc")).isTrue();
        assertThat(new MetricSpec("*_gain", "").matches("auc_gain")).isTrue();
        assertThat(new MetricSpec("*.*", "").matches("gbdt[eta=0.1].auc")).isTrue();
        assertThat(new MetricSpec("*_gain", "").matches("gain")).isFalse();
        assertThat(new MetricSpec("auc", "").matches("roc_auc")).isFalse();
        assertThat(new MetricSpec("a.c", "").matches("abc")).isFalse();
    }
}
