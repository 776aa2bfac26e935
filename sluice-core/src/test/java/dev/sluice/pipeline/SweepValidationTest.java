package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code sweep:}: trials drawn from a seed (the same seed, the same trials), named and fanned in like a matrix. */
class SweepValidationTest {
    static final Component FIT = Component.of(ComponentSpec.builder("fit", "1")
            .input("train", PortKind.TABLE)
            .output("model", PortKind.MODEL)
            .param(ParamSpec.of("eta", ParamType.DOUBLE, 0.3).withBounds(1e-6, 1.0))
            .param(ParamSpec.of("depth", ParamType.INT, 6L).withBounds(1.0, 16.0))
            .param(ParamSpec.of("booster", ParamType.STRING, "gbtree"))
            .metric("auc", "validation AUC").metric("logloss", "validation log loss")
            .build(), ctx -> { });
    private static final ComponentRegistry REGISTRY = ComponentRegistry.empty().with(PipelineValidatorTest.SOURCE)
            .with(FIT).with(PipelineValidatorTest.EVALUATE);

    private static String pipeline(String sweep) {
        return """
                pipeline: search
                steps:
                  load: {uses: source}
                  fit:
                    uses: fit
                    inputs: {train: load.data}
                    sweep:
                """ + sweep.indent(6) + """
                  pick: {uses: evaluate, inputs: {models: "fit[*].model", test: load.data}, with: {metric: auc}}
                """;
    }

    private static final String SWEEP = """
            method: random
            trials: 6
            seed: 7
            objective: {metric: auc, goal: maximize}
            params:
              eta: {loguniform: [0.01, 0.3]}
              depth: {int: [2, 8]}
              booster: [gbtree, dart]
            """;

    private static Pipeline valid(String yaml) {
        return new PipelineValidator(REGISTRY).validate(new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of("")), Map.of());
    }

    private static List<String> problems(String yaml) {
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", Path.of(""));
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(REGISTRY).validate(spec, Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    private static List<Map<String, Object>> trials(Pipeline p) {
        return p.sweeps().get("fit").trials().stream().map(t -> p.step(t).orElseThrow().params()).toList();
    }

    @Test
    void trialsAreInstancesNamedByNumberAndFannedInLikeAMatrix() {
        Pipeline p = valid(pipeline(SWEEP));
        assertThat(p.instances().get("fit")).containsExactly("fit[trial=1]", "fit[trial=2]", "fit[trial=3]", "fit[trial=4]",
                "fit[trial=5]", "fit[trial=6]");
        assertThat(p.step("pick").orElseThrow().inputs().get("models").sources()).extracting(OutputRef::step)
                .containsExactlyElementsOf(p.instances().get("fit"));
        SweepTrials sweep = p.sweeps().get("fit");
        assertThat(sweep.sweep().objective()).isEqualTo(new SweepSpec.Objective("auc", SweepSpec.Goal.MAXIMIZE));
        for (Map<String, Object> trial : trials(p)) {
            assertThat((Double) trial.get("eta")).isBetween(0.01, 0.3);
            assertThat((Long) trial.get("depth")).isBetween(2L, 8L);
            assertThat(trial.get("booster")).isIn("gbtree", "dart");
        }
        assertThat(p.step("fit[trial=1]").orElseThrow().matrixValues()).containsOnlyKeys("eta", "depth", "booster");
    }

    @Test
    void theSameSeedDrawsTheSameTrialsAndMoreTrialsKeepTheFirstOnes() {
        List<Map<String, Object>> first = trials(valid(pipeline(SWEEP)));
        assertThat(trials(valid(pipeline(SWEEP)))).isEqualTo(first);
        assertThat(trials(valid(pipeline(SWEEP.replace("trials: 6", "trials: 9")))).subList(0, 6)).isEqualTo(first);
        assertThat(trials(valid(pipeline(SWEEP.replace("seed: 7", "seed: 8"))))).isNotEqualTo(first);
        assertThat(first).doesNotHaveDuplicates();
        // java.util.Random's algorithm is part of its specification: these are the trials of seed 7 on any JDK
        assertThat(first.getFirst()).containsExactly(Map.entry("eta", 0.12), Map.entry("depth", 6L),
                Map.entry("booster", "gbtree"));
    }

    @Test
    void parallelLetsAtMostThatManyTrialsRunAtOnce() {
        Pipeline p = valid(pipeline(SWEEP.replace("seed: 7", "seed: 7\nparallel: 2")));
        assertThat(p.step("fit[trial=1]").orElseThrow().after()).isEmpty();
        assertThat(p.step("fit[trial=2]").orElseThrow().after()).isEmpty();
        assertThat(p.step("fit[trial=3]").orElseThrow().after()).containsExactly("fit[trial=1]");
        assertThat(p.step("fit[trial=6]").orElseThrow().dependencies()).contains("fit[trial=4]");
    }

    @Test
    void mistakesInASweepAreLocatedWithSuggestions() {
        assertThat(problems(pipeline("""
                method: bayes
                trials: 0
                objective: {metric: acu, goal: max}
                params:
                  eta: {logunifrom: [0.01, 0.3]}
                  depth: {int: [2.5, 8]}
                """))).containsExactly(
                "p.yaml:8:15: unknown sweep method 'bayes'. For a model-based search write method: tpe (Tree-structured"
                        + " Parzen Estimator). Methods: random, tpe.",
                "p.yaml:9:15: trials must be a whole number >= 1, got 0. Example: trials: 20",
                "p.yaml:10:38: unknown goal 'max'. Did you mean 'maximize'?",
                "p.yaml:12:15: unknown key 'logunifrom' in parameter 'eta' of the sweep. Did you mean 'loguniform'?",
                "p.yaml:13:23: the bounds of int must be whole numbers, got 2.5. Example: depth: {int: [2, 8]}");
    }

    @Test
    void mistakesInATpeSweepAreLocatedWithSuggestions() {
        assertThat(problems(pipeline("""
                method: tpe
                trials: 6
                startup: 7
                early_stop: {patience: 0}
                objective: {metric: auc, goal: maximize}
                params: {eta: {uniform: [0.01, 0.3]}}
                """))).containsExactly(
                "p.yaml:10:16: startup: 7 is more than trials: 6. The first startup trials are drawn at random; keep startup"
                        + " at most trials.",
                "p.yaml:11:30: patience must be a whole number >= 1, got 0. Example: patience: 5");
        assertThat(problems(pipeline("""
                method: tpz
                trials: 6
                early_stop: {patiense: 2}
                objective: {metric: auc, goal: maximize}
                params: {eta: {uniform: [0.01, 0.3]}}
                """))).containsExactly(
                "p.yaml:8:15: unknown sweep method 'tpz'. Did you mean 'tpe'? Methods: random, tpe.",
                "p.yaml:10:20: unknown key 'patiense' in early_stop. Did you mean 'patience'?");
        assertThat(problems(pipeline(SWEEP.replace("trials: 6", "trials: 6\nstartup: 2"))))
                .containsExactly("p.yaml:10:16: startup: is for method: tpe. Remove startup:, or write method: tpe.");
    }

    @Test
    void medianStoppingIsReadWithTheObjectivesDefaultsAndCheckedWhereItIsWritten() {
        Pipeline p = valid(pipeline(SWEEP.replace("seed: 7", "seed: 7\nearly_stop: {median: {warmup_steps: 5, min_trials: 4}}")));
        SweepSpec sweep = p.sweeps().get("fit").sweep();
        assertThat(sweep.median()).isEqualTo(new SweepSpec.Median("auc", SweepSpec.Goal.MAXIMIZE, 5, 4));
        assertThat(sweep.patience()).isZero();
        assertThat(sweep.learns()).as("a trial is judged against the trials before it").isTrue();
        assertThat(valid(pipeline(SWEEP.replace("seed: 7", "seed: 7\nearly_stop: {patience: 3, median: {metric: logloss,"
                + " goal: minimize}}"))).sweeps().get("fit").sweep().median())
                .isEqualTo(new SweepSpec.Median("logloss", SweepSpec.Goal.MINIMIZE, 0, 5));
        assertThat(problems(pipeline(SWEEP.replace("seed: 7", "seed: 7\nearly_stop: {median: {warmup_stpes: 5, min_trials: 0}}"))))
                .containsExactly(
                        "p.yaml:11:29: unknown key 'warmup_stpes' in median. Did you mean 'warmup_steps'?",
                        "p.yaml:11:58: min_trials must be a whole number >= 1, got 0. Example: min_trials: 5");
        assertThat(problems(pipeline(SWEEP.replace("seed: 7", "seed: 7\nearly_stop: {median: {metric: loglos}}"))))
                .containsExactly("p.yaml:11:37: median stopping metric 'loglos' of step 'fit': component 'fit' never"
                        + " reports metric 'loglos'. Did you mean 'logloss'? It reports auc, logloss.");
        assertThat(problems(pipeline(SWEEP.replace("seed: 7", "seed: 7\nearly_stop: {}"))))
                .containsExactly("p.yaml:11:19: early_stop needs patience: or median: Example: early_stop: {patience: 5} or"
                        + " early_stop: {median: {metric: logloss, warmup_steps: 5, min_trials: 5}}");
    }

    @Test
    void aTpeSweepsTrialsWaitForEveryTrialTheyLearnFrom() {
        Pipeline p = valid(pipeline(SWEEP.replace("method: random", "method: tpe\nstartup: 2").replace("seed: 7",
                "seed: 7\nparallel: 2")));
        assertThat(p.sweeps().get("fit").sweep().method()).isEqualTo(SweepSpec.Method.TPE);
        assertThat(p.step("fit[trial=2]").orElseThrow().after()).isEmpty();
        assertThat(p.step("fit[trial=3]").orElseThrow().after()).containsExactly("fit[trial=1]");
        // trial 5 learns from trials 1 to 3: it waits for 3 and 2 (and 2 waited for nothing, 3 for 1)
        assertThat(p.step("fit[trial=5]").orElseThrow().after()).containsExactly("fit[trial=3]", "fit[trial=2]");
        assertThat(p.step("fit[trial=6]").orElseThrow().after()).containsExactly("fit[trial=4]", "fit[trial=3]");
        Pipeline serial = valid(pipeline(SWEEP.replace("method: random", "method: tpe")));
        assertThat(serial.step("fit[trial=2]").orElseThrow().after()).as("tpe without parallel: one at a time")
                .containsExactly("fit[trial=1]");
    }

    @Test
    void sweptParametersAndTheObjectiveAreCheckedAgainstTheComponent() {
        assertThat(problems(pipeline("""
                trials: 3
                objective: {metric: acu, goal: maximize}
                params:
                  eta: {uniform: [0.5, 2.0]}
                  detph: {int: [2, 8]}
                """))).containsExactly(
                "p.yaml:9:27: objective 'acu' of step 'fit': component 'fit' never reports metric 'acu'. Did you mean 'auc'?"
                        + " It reports auc, logloss.",
                "p.yaml:11:14: sweep of step 'fit' draws values of parameter eta that it does not accept. Keep the range"
                        + " within double, min 1.0E-6, max 1.",
                "p.yaml:12:16: component 'fit' has no parameter 'detph'. Did you mean 'depth'?");
    }

    @Test
    void aSpaceSmallerThanTheTrialsAndAMatrixBesideASweepAreRefused() {
        assertThat(problems(pipeline("""
                trials: 5
                objective: {metric: auc, goal: maximize}
                params:
                  booster: [gbtree, dart]
                  depth: {int: [2, 3]}
                """))).containsExactly("p.yaml:8:15: step 'fit': the sweep asks for 5 trials, but its parameters have only 4"
                + " distinct combinations. Ask for fewer trials, or widen the ranges.");
        assertThat(problems(pipeline(SWEEP).replace("    sweep:", "    matrix: {depth: [2, 3]}\n    sweep:")))
                .containsExactly("p.yaml:9:7: step 'fit' has both matrix: and sweep:; keep one. matrix: tries every"
                        + " combination of listed values; sweep: draws trials from ranges.");
    }

    @Test
    void commandStepsReadTheDrawnValuesAsMatrixValues() {
        Pipeline p = valid("""
                pipeline: search
                steps:
                  score:
                    run: [python3, score.py, "${matrix.x}"]
                    outputs: [result]
                    sweep: {trials: 2, objective: {metric: score, goal: minimize}, params: {x: {uniform: [-1, 1]}}}
                """);
        StepKind.CommandStep cmd = (StepKind.CommandStep) p.step("score[trial=1]").orElseThrow().kind();
        Object x = p.step("score[trial=1]").orElseThrow().matrixValues().get("x");
        assertThat(cmd.argv().get(2).source()).isEqualTo(Template.text(x));
    }

    @Test
    void aTpeCommandStepReadsItsProposedValuesWhenItRuns() {
        Pipeline p = valid("""
                pipeline: search
                steps:
                  score:
                    run: [python3, score.py, "${matrix.x}"]
                    outputs: [result]
                    sweep: {method: tpe, trials: 3, startup: 1, objective: {metric: score, goal: minimize},
                            params: {x: {uniform: [-1, 1]}}}
                """);
        StepKind.CommandStep cmd = (StepKind.CommandStep) p.step("score[trial=2]").orElseThrow().kind();
        assertThat(cmd.argv().get(2).source()).as("left to the run, which resolves it from the trial's values")
                .isEqualTo("${matrix.x}");
        StepNode proposed = p.sweeps().get("score").withValues(p.step("score[trial=2]").orElseThrow(), Map.of("x", 0.25));
        assertThat(proposed.matrixValues()).containsEntry("x", 0.25);
        assertThat(proposed.params()).containsEntry("x", 0.25);
        assertThat(p.sweeps().get("score").proposedAtRunTime("score[trial=1]")).isFalse();
        assertThat(p.sweeps().get("score").proposedAtRunTime("score[trial=2]")).isTrue();
    }

    @Test
    void aProposedValueIsCheckedAgainstTheComponentsParameter() {
        Pipeline p = valid(pipeline(SWEEP.replace("method: random", "method: tpe")));
        SweepTrials t = p.sweeps().get("fit");
        StepNode trial = p.step("fit[trial=2]").orElseThrow();
        assertThat(t.withValues(trial, Map.of("eta", 0.05)).params()).containsEntry("eta", 0.05);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> t.withValues(trial, Map.of("depth", 40L))))
                .hasMessageStartingWith("sweep of step 'fit' proposed a value that does not fit parameter");
    }

    @Test
    void theJavaApiSweepsLikeYaml() {
        SweepSpec search = new SweepSpec(SweepSpec.Method.RANDOM, 6, 7, 0,
                new SweepSpec.Objective("auc", SweepSpec.Goal.MAXIMIZE), new java.util.LinkedHashMap<>(Map.of(
                "eta", new SweepSpec.LogUniform(0.01, 0.3))));
        Pipeline p = Pipeline.builder("search").registry(REGISTRY)
                .step("load", s -> s.uses("source"))
                .step("fit", s -> s.uses("fit").input("train", "load.data").sweep(search))
                .step("pick", s -> s.uses("evaluate").input("models", "fit[*].model").input("test", "load.data")
                        .with("metric", "auc"))
                .build();
        List<Object> fromJava = p.sweeps().get("fit").trials().stream().map(t -> p.step(t).orElseThrow().params().get("eta"))
                .toList();
        Pipeline yaml = valid(pipeline(SWEEP.replace("  depth: {int: [2, 8]}\n", "").replace("  booster: [gbtree, dart]\n", "")));
        assertThat(fromJava).isEqualTo(yaml.sweeps().get("fit").trials().stream()
                .map(t -> yaml.step(t).orElseThrow().params().get("eta")).toList());
    }
}
