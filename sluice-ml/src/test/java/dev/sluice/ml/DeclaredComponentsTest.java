package dev.sluice.ml;

import dev.sluice.api.Component;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in components' declared parameter rules and metrics: validation catches what their run code would only
 * find when the step runs, and what they report in a real run is what they declare (so a new metric without its
 * declaration fails here, not in a user's {@code sluice validate}).
 */
class DeclaredComponentsTest {
    @TempDir Path dir;

    private List<String> problems(String yaml) {
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "pipeline.yaml", dir);
        try {
            new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of());
            return List.of();
        } catch (DefinitionException e) {
            return e.problems().stream().map(Problem::format).toList();
        }
    }

    @Test
    void splitByTimeWithoutATimeColumnIsFoundByValidation() {
        assertThat(problems("""
                pipeline: p
                steps:
                  load: {uses: csv, with: {path: data/telco.csv}}
                  split: {uses: split, inputs: {data: load.data}, with: {method: time, test: 0.2}}
                """)).containsExactly("pipeline.yaml:4:66: step 'split': method: time needs parameter 'time_column'."
                + " Add with: {time_column: VALUE}, or choose another method.");
    }

    @Test
    void parameterDependenciesTheRunCodeChecksAreDeclared() {
        assertThat(problems("""
                pipeline: p
                steps:
                  load: {uses: csv, with: {path: data/telco.csv, columns: ["tenure"], delimiter: ""}}
                  split: {uses: split, inputs: {data: load.data}, with: {method: stratified, test: 0.6, validation: 0.4}}
                  check: {uses: expect, inputs: {data: load.data}, with: {columns: {tenure: {minimum: 0}}}}
                  lin: {uses: linear, inputs: {train: split.train}, with: {target: tenure, task: classification}}
                  gbdt: {uses: xgboost, inputs: {train: split.train}, with: {target: Churn, features: [tenure, Churn]}}
                  evaluate: {uses: evaluate, inputs: {models: gbdt.model, test: split.test}, with: {baseline: "../x@champion"}}
                """)).containsExactly(
                "pipeline.yaml:3:59: step 'load': csv: columns entry 'tenure' must be name:type, e.g. 'age:int'",
                "pipeline.yaml:3:82: step 'load': delimiter must not be empty; write e.g. delimiter: \";\"",
                "pipeline.yaml:4:66: step 'split': method: stratified needs parameter 'stratify'."
                        + " Add with: {stratify: VALUE}, or choose another method.",
                "pipeline.yaml:4:84: step 'split': test + validation = 1.0 leaves no rows for train; keep the sum below 1",
                "pipeline.yaml:5:68: step 'check': expect: column 'tenure': unknown expectation 'minimum';"
                        + " use type, nulls, min, max, in, unique, regex or finite (and severity, mostly)",
                "pipeline.yaml:6:82: parameter task = 'classification' is not one of [auto, regression]."
                        + " Expected enum, one of [auto, regression].",
                "pipeline.yaml:7:70: step 'gbdt': 'features' lists the target column 'Churn'; remove it",
                "pipeline.yaml:8:95: step 'evaluate': model name '../x' is not allowed: a model name or alias has 1 to 128"
                        + " characters, letters, digits, '.', '_' and '-', and starts with a letter or a digit");
    }

    @Test
    void aCheckOnAMetricEvaluateNeverReportsListsTheOnesItDoes() {
        assertThat(problems("""
                pipeline: p
                steps:
                  load: {uses: csv, with: {path: data/telco.csv}}
                  split: {uses: split, inputs: {data: load.data}}
                  gbdt: {uses: xgboost, inputs: {train: split.train}, with: {target: Churn}}
                  evaluate: {uses: evaluate, inputs: {models: gbdt.model, test: split.test}, checks: {roc_auc: ">= 0.8"}}
                """)).containsExactly("pipeline.yaml:6:96: check 'roc_auc' of step 'evaluate': component 'evaluate' never"
                + " reports metric 'roc_auc'. Did you mean 'auc'? It reports auc, accuracy, precision, recall, f1, logloss,"
                + " rmse, mae, r2, best_index, and metrics named baseline.*, *_gain, *.*.");
    }

    @Test
    void everyMetricARealRunReportsIsDeclared() throws Exception {
        Fixtures.telcoCsv(dir);
        Fixtures.copy("/data/housing_sample.csv", dir.resolve("data/housing.csv"));
        String yaml = """
                pipeline: metrics
                steps:
                  load: {uses: csv, with: {path: data/telco.csv, nulls: ["", " "]}}
                  check: {uses: expect, inputs: {data: load.data}, with: {columns: {tenure: {min: 0}}}}
                  profile: {uses: profile, inputs: {data: check.data}}
                  clean: {uses: sql, inputs: {tables: check.data}, with: {query: "SELECT * EXCLUDE (customerID) FROM data"}}
                  split: {uses: split, inputs: {data: clean.data}, with: {method: stratified, stratify: Churn, validation: 0.1}}
                  prep: {uses: preprocess, inputs: {data: split.train}, with: {target: Churn}}
                  gbdt: {uses: xgboost, inputs: {train: split.train}, with: {target: Churn, rounds: 5}}
                  logistic: {uses: logistic, inputs: {train: split.train}, with: {target: Churn}}
                  forest: {uses: random_forest, inputs: {train: split.train}, with: {target: Churn, trees: 5}}
                  evaluate: {uses: evaluate, inputs: {models: [gbdt.model, logistic.model, forest.model], test: split.test}}
                  score: {uses: predict, inputs: {model: evaluate.best, data: split.test}}
                  houses: {uses: csv, with: {path: data/housing.csv}}
                  hsplit: {uses: split, inputs: {data: houses.data}}
                  linear: {uses: linear, inputs: {train: hsplit.train}, with: {target: median_house_value}}
                  hgbdt: {uses: xgboost, inputs: {train: hsplit.train}, with: {target: median_house_value, rounds: 5}}
                  hevaluate: {uses: evaluate, inputs: {models: [linear.model, hgbdt.model], test: hsplit.test}}
                """;
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "pipeline.yaml", dir);
        Pipeline p = new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of());
        RunResult r = new LocalExecutor(RunOptions.defaults(dir.resolve("home"))).run(p, RunListener.NONE);
        assertThat(r.status()).as(r.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> undeclared = new ArrayList<>();
        for (StepNode node : p.steps()) {
            Component c = ((StepKind.JavaStep) node.kind()).component();
            StepResult s = r.step(node.name()).orElseThrow();
            for (String metric : s.metrics().keySet()) {
                if (!c.spec().reportsMetric(metric)) undeclared.add(c.spec().name() + ": " + metric);
            }
            assertThat(c.spec().metrics()).as(c.spec().name() + " declares its metrics").isPresent();
        }
        assertThat(undeclared).as("metrics reported but not declared in the component's spec").isEmpty();
    }
}
