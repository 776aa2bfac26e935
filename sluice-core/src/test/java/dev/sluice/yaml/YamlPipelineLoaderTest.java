package dev.sluice.yaml;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.Concurrency;
import dev.sluice.pipeline.Retention;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.RetryPolicy;
import dev.sluice.pipeline.StepSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlPipelineLoaderTest {
    private static final Path PIPELINES = Path.of("src/test/resources/pipelines").toAbsolutePath();
    private final YamlPipelineLoader loader = new YamlPipelineLoader();

    // ---- one file per failure mode: the whole user-facing text is compared ----

    @Test
    void reportsSyntaxErrorWhereTheParserStoppedAndKeepsNoSteps() {
        PipelineSpec spec = parse("invalid/syntax-error.yaml");
        assertThat(formatted(spec)).containsExactly(
                "syntax-error.yaml:6:8: invalid YAML: expected ',' or '}', but got : while parsing a flow mapping that starts"
                        + " at line 5. Close every '{' and '[' on the same item, and quote values that contain ',', ':', '[' or '{'.");
        assertThat(spec.steps()).isEmpty();
    }

    @Test
    void reportsTabIndentation() {
        assertThat(problems("invalid/tab-indent.yaml")).containsExactly(
                "tab-indent.yaml:3:1: invalid YAML: a tab cannot start a token or indent a line. Indent with spaces; YAML does not allow tabs.");
    }

    @Test
    void explainsThatAnUnquotedFanInReferenceIsAnAlias() {
        assertThat(problems("invalid/unquoted-fan-in.yaml")).containsExactly(
                "unquoted-fan-in.yaml:5:28: invalid YAML: '*' starts an alias (a reference to an &anchor), not text"
                        + ". Quote values that start with '*' or '&' or contain '[*]' inside [ ] or { }, e.g. \"gbdt[*].model\".");
    }

    @Test
    void reportsUnknownStepKeyAtTheKeyWithSuggestion() {
        assertThat(problems("invalid/unknown-step-key.yaml")).containsExactly(
                "unknown-step-key.yaml:6:5: unknown key 'inputz' in step 'train'. Did you mean 'inputs'?");
    }

    @Test
    void rejectsRunAsAShellStringAndSuggestsTheList() {
        assertThat(problems("invalid/run-as-string.yaml")).containsExactly(
                "run-as-string.yaml:4:10: run must be an argument list, never a shell string"
                        + ". Write run: [python3, train.py, --epochs, \"${params.epochs}\"]");
    }

    @Test
    void reportsDuplicateStepWithTheLineOfTheFirst() {
        PipelineSpec spec = parse("invalid/duplicate-step.yaml");
        assertThat(formatted(spec)).containsExactly(
                "duplicate-step.yaml:7:3: duplicate step 'train' (first defined at line 5). Remove or rename one of them.");
        assertThat(spec.steps().get("train").uses()).contains("logistic");
    }

    @Test
    void rejectsBadDurationAndShowsTheAcceptedForms() {
        assertThat(problems("invalid/bad-duration.yaml")).containsExactly(
                "bad-duration.yaml:5:14: timeout must be a duration, got '5 minutes'"
                        + ". Write a duration such as 500ms, 30s, 5m, 2h or 1h30m, or a whole number of seconds.");
    }

    @Test
    void rejectsUnknownOutputKindWithSuggestion() {
        PipelineSpec spec = parse("invalid/bad-output-kind.yaml");
        assertThat(formatted(spec)).containsExactly(
                "bad-output-kind.yaml:5:22: unknown output kind 'modle'. Did you mean 'model'?");
        assertThat(spec.steps().get("train").outputs()).containsExactly(Map.entry("scores", PortKind.TABLE));
    }

    @Test
    void suggestsIntForParamTypeInteger() {
        assertThat(problems("invalid/bad-param-type.yaml")).containsExactly(
                "bad-param-type.yaml:3:18: unknown parameter type 'integer'. Did you mean 'int'?");
    }

    @Test
    void rejectsDefaultsOfTheWrongTypeOrOutOfBounds() {
        String hint = ". Change default: to fit type:, min:, max: and values:.";
        assertThat(problems("invalid/bad-param-default.yaml")).containsExactly(
                "bad-param-default.yaml:3:35: invalid default: max_depth = 40 is above the maximum 16" + hint,
                "bad-param-default.yaml:4:33: invalid default: rate must be a double, got 'fast'" + hint,
                "bad-param-default.yaml:5:31: invalid default: size = 'huge' is not one of [small, large]" + hint);
    }

    @Test
    void reportsMissingSteps() {
        assertThat(problems("invalid/missing-steps.yaml")).containsExactly(
                "missing-steps.yaml:1:1: the pipeline has no steps: Example: steps: {train: {run: [python3, train.py]}}");
    }

    @Test
    void rejectsStepNameWithReferenceSyntax() {
        assertThat(problems("invalid/bad-step-name.yaml")).containsExactly(
                "bad-step-name.yaml:3:3: invalid step name 'load.csv'"
                        + ". A name starts with a letter or '_' and has only letters, digits, '_' and '-'.");
    }

    @Test
    void requiresExactlyOneOfUsesAndRun() {
        assertThat(problems("invalid/uses-and-run.yaml")).containsExactly(
                "uses-and-run.yaml:3:3: step 'both' has both uses: and run:; keep one"
                        + ". uses: names a component, run: is a command; a step is one or the other.",
                "uses-and-run.yaml:6:3: step 'neither' needs either uses: (a component) or run: (a command)"
                        + ". Example: uses: csv or run: [python3, train.py, --epochs, \"${params.epochs}\"]");
    }

    @Test
    void reportsWrongShapesAtTheValueWithAnExample() {
        assertThat(problems("invalid/wrong-shapes.yaml")).containsExactly(
                "wrong-shapes.yaml:6:12: after must be text or a list of texts, got a map. Example: after: [load, clean]",
                "wrong-shapes.yaml:7:22: cpu must be a whole number >= 1, got 0. Example: cpu: 2",
                "wrong-shapes.yaml:8:12: cache must be true or false, got 'maybe'. Example: cache: false");
    }

    @Test
    void suggestsParamsForUnknownTopLevelKey() {
        assertThat(problems("invalid/unknown-top-level-key.yaml")).containsExactly(
                "unknown-top-level-key.yaml:2:1: unknown key 'parameters' in the pipeline. Did you mean 'params'?");
    }

    @Test
    void reportsABadConcurrencyLimitItsUnknownPolicyAndKeys() {
        PipelineSpec spec = parse("invalid/bad-concurrency.yaml");
        assertThat(formatted(spec)).containsExactly(
                "bad-concurrency.yaml:3:8: max must be a whole number >= 1, got 0. Example: max: 1",
                "bad-concurrency.yaml:4:11: unknown concurrency policy 'cancel_oldest'"
                        + ". Use queue (wait for a free slot), skip (do not start) or cancel_previous (cancel the oldest run).",
                "bad-concurrency.yaml:5:3: unknown key 'maximum' in concurrency. Valid keys: max, policy.");
        assertThat(spec.concurrency()).isEmpty();
    }

    @Test
    void readsTheConcurrencyLimitAndPolicy() {
        PipelineSpec spec = parse("valid/concurrency.yaml");
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.concurrency()).contains(new Concurrency(2, Concurrency.Policy.CANCEL_PREVIOUS));
        assertThat(loader.parse("pipeline: p\nconcurrency: {max: 3}\nsteps:\n  a: {uses: file}\n", "p.yaml", PIPELINES)
                .concurrency()).contains(new Concurrency(3, Concurrency.Policy.QUEUE));
    }

    @Test
    void reportsABadRetentionPolicyAtEachKey() {
        PipelineSpec spec = parse("invalid/bad-retention.yaml");
        assertThat(formatted(spec)).containsExactly(
                "bad-retention.yaml:3:14: keep_days must be a whole number >= 1, got 0. Example: keep_days: 30",
                "bad-retention.yaml:4:14: keep_last must be a whole number >= 1, got 'many'. Example: keep_last: 100",
                "bad-retention.yaml:5:3: unknown key 'keep_runs' in retention. Did you mean 'keep_days'?");
        assertThat(spec.retention()).isEmpty();
        assertThat(formatted(loader.parse("pipeline: p\nretention: {}\nsteps:\n  a: {uses: file}\n", "p.yaml", PIPELINES)))
                .containsExactly("p.yaml:2:12: retention needs keep_days: (keep runs this many days) or keep_last: (keep this"
                        + " many newest runs), or both. Example: retention: {keep_days: 30, keep_last: 100}");
        assertThat(formatted(loader.parse("pipeline: p\nretention: 30\nsteps:\n  a: {uses: file}\n", "p.yaml", PIPELINES)))
                .containsExactly("p.yaml:2:12: retention must be a map, got 30. Example: retention: {keep_days: 30, keep_last: 100}");
    }

    @Test
    void readsTheRetentionPolicy() {
        PipelineSpec spec = parse("valid/retention.yaml");
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.retention()).contains(new Retention(java.util.OptionalInt.of(30), java.util.OptionalInt.of(100)));
        assertThat(loader.parse("pipeline: p\nretention: {keep_last: 5}\nsteps:\n  a: {uses: file}\n", "p.yaml", PIPELINES)
                .retention()).contains(Retention.last(5));
        assertThat(loader.parse("pipeline: p\nsteps:\n  a: {uses: file}\n", "p.yaml", PIPELINES).retention()).isEmpty();
    }

    @Test
    void reportsEmptyFile() {
        assertThat(problems("invalid/empty.yaml")).containsExactly(
                "empty.yaml:1:1: the file is empty. Start with pipeline: <name> and steps:, e.g. steps: {train: {run: [python3, train.py]}}");
    }

    @Test
    void reportsEveryMistakeOfAFileInOneGo() {
        assertThat(problems("invalid/many-mistakes.yaml")).containsExactly(
                "many-mistakes.yaml:3:23: unknown key 'defualt' in parameter 'epochs'. Did you mean 'default'?",
                "many-mistakes.yaml:7:38: 'sep' has no value"
                        + ". Write a value, or remove the key; quote \"null\" to pass the text null.",
                "many-mistakes.yaml:9:10: run must be an argument list, never a shell string"
                        + ". Write run: [python3, train.py]",
                "many-mistakes.yaml:11:22: duplicate output 'model'. Remove one of them.",
                "many-mistakes.yaml:12:14: retries must be a whole number >= 0, got -1. Example: retries: 3",
                "many-mistakes.yaml:13:3: duplicate step 'train' (first defined at line 8). Remove or rename one of them.",
                "many-mistakes.yaml:17:25: threshold must be a non-empty list of values to try, got 0.5"
                        + ". Example: threshold: [0.05, 0.1, 0.3]",
                "many-mistakes.yaml:18:5: unknown key 'whenn' in step 'score'. Did you mean 'when'?");
    }

    // ---- files that cannot be read ----

    @Test
    void missingFileThrowsWithOneProblem() {
        Path missing = Path.of("no/such/pipeline.yaml");
        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOfSatisfying(DefinitionException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    Problem p = e.problems().get(0);
                    assertThat(p.message()).isEqualTo("file not found: " + missing);
                    assertThat(p.hint()).isEqualTo("Check the path and the working folder ("
                            + Path.of("").toAbsolutePath() + "), or pass an absolute path.");
                });
    }

    @Test
    void folderIsNotAPipelineFile(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems().get(0).format())
                        .isEqualTo(dir + " is a folder, not a pipeline file. Pass the pipeline's .yaml file, e.g. "
                                + dir.resolve("pipeline.yaml") + "."));
    }

    @Test
    void loadUsesThePathAsGivenInLocationsAndItsFolderAsBaseDir(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\nsteps:\n  a: {uses: csv}\n");
        PipelineSpec spec = loader.load(file);
        assertThat(spec.source()).contains(file);
        assertThat(spec.baseDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(spec.locations().get("steps.a")).isEqualTo(new SourceLocation(file.toString(), 3, 3));
    }

    // ---- valid files ----

    @Test
    void loadsComponentStepsWithTypedParameterValues() {
        PipelineSpec spec = parse("valid/churn.yaml");
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.name()).isEqualTo("churn");
        assertThat(spec.steps().keySet()).containsExactly("load", "check", "split", "gbdt", "logistic", "evaluate", "register");

        StepSpec split = spec.steps().get("split");
        assertThat(split.uses()).contains("split");
        assertThat(split.with()).containsExactly(Map.entry("test", 0.2), Map.entry("stratify", "churn"),
                Map.entry("seed", 7L), Map.entry("shuffle", true));
        assertThat(spec.steps().get("check").with().get("columns")).isEqualTo(Map.of(
                "age", Map.of("min", 0L, "max", 120L, "nulls", 0L), "churn", Map.of("in", List.of("yes", "no"))));

        StepSpec gbdt = spec.steps().get("gbdt");
        assertThat(gbdt.with()).containsEntry("max_depth", "${params.max_depth}");
        assertThat(gbdt.matrix()).containsExactly(Map.entry("eta", List.of(0.05, 0.1, 0.3)));
        assertThat(gbdt.cpu()).isEqualTo(2);

        StepSpec evaluate = spec.steps().get("evaluate");
        assertThat(evaluate.inputs()).containsExactly(
                Map.entry("models", List.of("gbdt[*].model", "logistic.model")), Map.entry("test", List.of("split.test")));
        assertThat(evaluate.checks()).containsExactly(Map.entry("auc", ">= 0.80"), Map.entry("rows", "== 1000"));
        assertThat(spec.steps().get("register").when()).contains("${params.deploy}");
    }

    @Test
    void loadsFullAndShorthandParameters() {
        Map<String, ParamSpec> params = parse("valid/churn.yaml").params();
        assertThat(params.keySet()).containsExactly("max_depth", "epochs", "deploy", "stage");
        assertThat(params.get("max_depth")).isEqualTo(new ParamSpec("max_depth", ParamType.INT, Optional.of(6L),
                Optional.of(1.0), Optional.of(16.0), List.of(), false, "depth of each tree"));
        assertThat(params.get("epochs")).isEqualTo(ParamSpec.of("epochs", ParamType.INT, 10L));
        assertThat(params.get("deploy")).isEqualTo(ParamSpec.of("deploy", ParamType.BOOL, false));
        assertThat(params.get("stage").type()).isEqualTo(ParamType.ENUM);
        assertThat(params.get("stage").allowed()).containsExactly("dev", "prod");
        assertThat(params.get("stage").defaultValue()).contains("dev");
    }

    @Test
    void loadsCommandSteps() {
        PipelineSpec spec = parse("valid/command-step.yaml");
        assertThat(spec.problems()).isEmpty();
        StepSpec train = spec.steps().get("train");
        assertThat(train.uses()).isEmpty();
        assertThat(train.run()).containsExactly("python3", "train.py", "--epochs", "${params.epochs}", "--lr", "${params.learning_rate}");
        assertThat(train.inputs()).containsExactly(Map.entry("data", List.of("prepare.table")));
        assertThat(train.outputs()).containsExactly(Map.entry("model", PortKind.FILE), Map.entry("history", PortKind.FILE));
        assertThat(train.code()).containsExactly("train.py", "model.py");
        assertThat(train.env()).containsExactly(Map.entry("PYTHONHASHSEED", "0"), Map.entry("OMP_NUM_THREADS", "2"));
        assertThat(train.retries()).isEqualTo(new RetryPolicy(3, Duration.ofMillis(500), 2.0));
        assertThat(train.timeout()).contains(Duration.ofMinutes(90));
        assertThat(train.cpu()).isEqualTo(4);
        assertThat(train.checks()).containsExactly(Map.entry("loss", "< 0.5"));
        assertThat(train.cache()).isTrue();

        StepSpec prepare = spec.steps().get("prepare");
        assertThat(prepare.outputs()).containsExactly(Map.entry("table", PortKind.TABLE));
        assertThat(prepare.code()).containsExactly("prepare.py");
        assertThat(prepare.cache()).isFalse();

        StepSpec report = spec.steps().get("report");
        assertThat(report.after()).containsExactly("prepare");
        assertThat(report.retries()).isEqualTo(new RetryPolicy(2, Duration.ofSeconds(1), 2.0));
        assertThat(report.timeout()).contains(Duration.ofMinutes(5));
        assertThat(report.outputs()).containsExactly(Map.entry("report", PortKind.FILE), Map.entry("plots", PortKind.FOLDER));
    }

    @Test
    void recordsTheLocationOfEachValue() {
        Map<String, SourceLocation> at = parse("valid/command-step.yaml").locations();
        assertThat(at.get("pipeline")).isEqualTo(loc("command-step.yaml", 1, 11));
        assertThat(at.get("params.epochs.default")).isEqualTo(loc("command-step.yaml", 3, 32));
        assertThat(at.get("steps.train")).isEqualTo(loc("command-step.yaml", 11, 3));
        assertThat(at.get("steps.train.run[3]")).isEqualTo(loc("command-step.yaml", 13, 40));
        assertThat(at.get("steps.train.inputs.data")).isEqualTo(loc("command-step.yaml", 15, 13));
        assertThat(at.get("steps.train.inputs.data[0]")).isEqualTo(loc("command-step.yaml", 15, 13));
        assertThat(at.get("steps.train.outputs.history")).isEqualTo(loc("command-step.yaml", 16, 22));
        assertThat(at.get("steps.train.env.OMP_NUM_THREADS")).isEqualTo(loc("command-step.yaml", 18, 47));
        assertThat(at.get("steps.train.timeout")).isEqualTo(loc("command-step.yaml", 20, 14));
        assertThat(at.get("steps.report.after")).isEqualTo(loc("command-step.yaml", 27, 12));
        assertThat(at.get("steps.report.after[0]")).isEqualTo(loc("command-step.yaml", 27, 12));

        Map<String, SourceLocation> churn = parse("valid/churn.yaml").locations();
        assertThat(churn.get("steps.gbdt.matrix.eta[2]")).isEqualTo(loc("churn.yaml", 28, 31));
        assertThat(churn.get("steps.evaluate.inputs.models[1]")).isEqualTo(loc("churn.yaml", 39, 11));
        assertThat(churn.get("steps.evaluate.checks.auc")).isEqualTo(loc("churn.yaml", 41, 19));
    }

    private static SourceLocation loc(String file, int line, int column) {
        return new SourceLocation(file, line, column);
    }

    private PipelineSpec parse(String resource) {
        try {
            Path file = PIPELINES.resolve(resource);
            return loader.parse(Files.readString(file), file.getFileName().toString(), file.getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> problems(String resource) {
        return formatted(parse(resource));
    }

    private static List<String> formatted(PipelineSpec spec) {
        return spec.problems().stream().map(Problem::format).toList();
    }
}
