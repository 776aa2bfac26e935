package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PipelineValidatorTest {
    static final Component SOURCE = Component.of(ComponentSpec.builder("source", "1")
            .output("data", PortKind.TABLE)
            .param(ParamSpec.of("rows", ParamType.INT, 10L).withBounds(1.0, 100.0))
            .build(), ctx -> { });
    static final Component TRAIN = Component.of(ComponentSpec.builder("train", "1")
            .input("train", PortKind.TABLE)
            .output("model", PortKind.MODEL)
            .param(ParamSpec.of("max_depth", ParamType.INT, 6L).withBounds(1.0, 16.0))
            .param("eta", ParamType.DOUBLE, 0.3)
            .build(), ctx -> { });
    static final Component EVALUATE = Component.of(ComponentSpec.builder("evaluate", "1")
            .manyInput("models", PortKind.MODEL)
            .input("test", PortKind.TABLE)
            .input(new PortSpec("baseline", PortKind.MODEL, false, true, ""))
            .output("best", PortKind.MODEL)
            .param("metric", ParamType.STRING)
            .build(), ctx -> { });
    static final ComponentRegistry REGISTRY = ComponentRegistry.empty().with(SOURCE).with(TRAIN).with(EVALUATE);

    private static PipelineBuilder builder() {
        return Pipeline.builder("p").registry(REGISTRY);
    }

    private static List<String> problems(PipelineBuilder b) {
        return problems(b, Map.of());
    }

    private static List<String> problems(PipelineBuilder b, Map<String, String> overrides) {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> b.build(overrides));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    private static Consumer<PipelineBuilder.StepBuilder> evaluate(String... models) {
        return s -> s.uses("evaluate").input("models", models).input("test", "load.data").with("metric", "auc");
    }

    @Test
    void expandsMatrixIntoNamedInstancesAndFansThemIn() {
        Pipeline p = builder()
                .step("load", s -> s.uses("source"))
                .step("gbdt", s -> s.uses("train").input("train", "load.data").matrix("eta", 0.05, 0.1).matrix("max_depth", 3, 6))
                .step("eval", evaluate("gbdt[*].model"))
                .build();

        assertThat(p.instances().get("gbdt")).containsExactly("gbdt[eta=0.05,max_depth=3]", "gbdt[eta=0.05,max_depth=6]",
                "gbdt[eta=0.1,max_depth=3]", "gbdt[eta=0.1,max_depth=6]");
        StepNode first = p.step("gbdt[eta=0.05,max_depth=3]").orElseThrow();
        assertThat(first.params()).containsEntry("eta", 0.05).containsEntry("max_depth", 3L);
        assertThat(first.matrixValues()).containsEntry("eta", 0.05);
        StepNode eval = p.step("eval").orElseThrow();
        assertThat(eval.inputs().get("models").sources()).extracting(OutputRef::step)
                .containsExactlyElementsOf(p.instances().get("gbdt"));
        assertThat(eval.dependencies()).contains("load", "gbdt[eta=0.1,max_depth=6]");
        assertThat(p.steps()).extracting(StepNode::name).first().isEqualTo("load");
        assertThat(p.steps()).extracting(StepNode::name).last().isEqualTo("eval");
    }

    @Test
    void appliesDefaultsAndTypesParameters() {
        Pipeline p = builder()
                .param(ParamSpec.of("depth", ParamType.INT, 4L).withBounds(1.0, 16.0))
                .step("load", s -> s.uses("source").with("rows", "50"))
                .step("train", s -> s.uses("train").input("train", "load.data").with("max_depth", "${params.depth}"))
                .build(Map.of("depth", "9"));

        assertThat(p.params()).containsEntry("depth", 9L);
        assertThat(p.step("load").orElseThrow().params()).containsEntry("rows", 50L);
        assertThat(p.step("train").orElseThrow().params()).containsEntry("max_depth", 9L).containsEntry("eta", 0.3);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source").with("rows", 500).with("rowz", 1))
                .step("train", s -> s.uses("trian").input("train", "load.data"))
                .step("fit", s -> s.uses("train").input("train", "lod.data").with("max_depth", "deep"))
                .step("score", s -> s.uses("train").input("train", "load.dta"))
                .step("eval", s -> s.uses("evaluate").input("models", "load.data").with("metric", "auc"));

        assertThat(problems(b)).containsExactly(
                "steps.eval: step 'eval' needs input 'test' (a table). Add inputs: {test: STEP.OUTPUT}.",
                "steps.eval.inputs.models[0]: input 'models' of step 'eval' takes a model, but 'load.data' is a table. Wire an output of kind model.",
                "steps.fit.inputs.train[0]: step 'fit' reads 'lod.data', but there is no step 'lod'. Did you mean 'load.data'?",
                "steps.fit.with.max_depth: parameter max_depth must be an int, got 'deep'. Expected int, min 1, max 16.",
                "steps.load.with.rows: parameter rows = 500 is above the maximum 100. Expected int, min 1, max 100.",
                "steps.load.with.rowz: component 'source' has no parameter 'rowz'. Did you mean 'rows'?",
                "steps.score.inputs.train[0]: step 'score' reads 'load.dta', but step 'load' has no output 'dta'. Did you mean 'load.data'?",
                "steps.train.uses: unknown component 'trian'. Did you mean 'train'?");
    }

    @Test
    void mapsEveryPlainStepToItselfInFileOrderAndFindsStepsByName() {
        Pipeline p = builder()
                .step("fit", s -> s.uses("train").input("train", "load[rows=10].data"))
                .step("load", s -> s.uses("source").matrix("rows", 5, 10))
                .step("score", s -> s.uses("train").input("train", "load[rows=5].data"))
                .build();

        assertThat(p.instances().keySet()).containsExactly("fit", "load", "score");
        assertThat(p.instances()).containsEntry("fit", List.of("fit")).containsEntry("score", List.of("score"))
                .containsEntry("load", List.of("load[rows=5]", "load[rows=10]")).doesNotContainKey("load[rows=5]");
        assertThat(p.instances().get("nope")).isNull();
        assertThat(p.step("load[rows=10]")).map(StepNode::baseName).contains("load");
        assertThat(p.step("load")).isEmpty();
        assertThat(p.steps()).extracting(StepNode::name).containsExactly("load[rows=5]", "load[rows=10]", "fit", "score");
    }

    @Test
    void reportsACycleAtTheFirstStepsReferenceToALaterStep() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source"))
                .step("a", s -> s.uses("evaluate").input("models", "b.model").input("test", "load.data")
                        .with("metric", "auc"))
                .step("b", s -> s.uses("train").input("train", "load.data").after("a"));

        assertThat(problems(b)).containsExactly(
                "steps.a.inputs.models[0]: steps form a cycle: a -> b -> a. Each step reads the next one's output or runs after it; remove one of these dependencies.");
    }

    @Test
    void printsTheCyclePath() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source"))
                .step("a", s -> s.uses("train").input("train", "load.data").after("c"))
                .step("b", s -> s.uses("train").input("train", "load.data").after("a"))
                .step("c", s -> s.uses("train").input("train", "load.data").after("b"));

        assertThat(problems(b)).containsExactly(
                "steps.a.after[0]: steps form a cycle: a -> b -> c -> a. Each step reads the next one's output or runs after it; remove one of these dependencies.");
    }

    @Test
    void asksForFanInSyntaxWhenReadingAMatrixStepAsOne() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source").matrix("rows", 5, 10))
                .step("fit", s -> s.uses("train").input("train", "load.data"));

        assertThat(problems(b)).containsExactly(
                "steps.fit.inputs.train[0]: 'load' is a matrix step with 2 instances. Write load[*].data to receive all of them.");
    }

    @Test
    void rejectsSeveralSourcesOnASinglePort() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source").matrix("rows", 5, 10))
                .step("fit", s -> s.uses("train").input("train", "load[*].data"));

        assertThat(problems(b)).containsExactly(
                "steps.fit.inputs.train: input 'train' of step 'fit' takes one table, but 2 are wired. Wire a single instance such as load[rows=5].data, or use a component whose input takes a list.");
    }

    @Test
    void readsOneMatrixInstanceByName() {
        Pipeline p = builder()
                .step("load", s -> s.uses("source").matrix("rows", 5, 10))
                .step("fit", s -> s.uses("train").input("train", "load[rows=10].data"))
                .build();

        assertThat(p.step("fit").orElseThrow().dependencies()).containsExactly("load[rows=10]");
    }

    @Test
    void checksPipelineParameterOverrides() {
        PipelineBuilder b = builder()
                .param(ParamSpec.of("depth", ParamType.INT, 4L).withBounds(1.0, 16.0))
                .param(ParamSpec.of("target", ParamType.STRING))
                .step("load", s -> s.uses("source"));

        assertThat(problems(b, Map.of("depth", "40", "dept", "3"))).containsExactly(
                "-p dept: unknown pipeline parameter 'dept'. Did you mean 'depth'?",
                "-p depth: depth = 40 is above the maximum 16. Expected int, min 1, max 16.",
                "params.target: pipeline parameter 'target' has no default and no value. Pass it with -p target=VALUE (string).");
    }

    @Test
    void keepsReferencesToUpstreamResultsForRunTimeAndWaitsForThem() {
        Pipeline p = builder()
                .step("load", s -> s.uses("source"))
                .step("probe", s -> s.uses("train").input("train", "load.data"))
                .step("fit", s -> s.uses("train").input("train", "load.data")
                        .with("max_depth", "${steps.probe.metrics.depth}")
                        .when("${steps.probe.metrics.auc} > 0.5"))
                .build();

        StepNode fit = p.step("fit").orElseThrow();
        assertThat(fit.params().get("max_depth")).isInstanceOf(Template.class);
        assertThat(fit.dependencies()).containsExactly("load", "probe");
        assertThat(fit.when()).isPresent();
    }

    @Test
    void rejectsBadTemplatesConditionsAndChecks() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source").with("rows", "${params.rows}"))
                .step("fit", s -> s.uses("train").input("train", "load.data")
                        .when("${steps.lod.metrics.auc} >")
                        .check("auc", "at least 0.8"));

        assertThat(problems(b)).containsExactly(
                "steps.fit.checks.auc: check 'auc: at least 0.8' is not a comparison with a number; write e.g. \">= 0.8\", \"< 0.3\" or \"== 1\"",
                "steps.fit.when: condition \"${steps.lod.metrics.auc} >\": expected a value at column 27. Write e.g. when: \"${steps.evaluate.metrics.auc} >= 0.8\".",
                "steps.load.with.rows: '${params.rows}' names no pipeline parameter. Nothing is declared under params:");
    }

    @Test
    void validatesCommandStepReferences() {
        PipelineBuilder b = builder()
                .step("load", s -> s.uses("source"))
                .step("custom", s -> s.run("python3", "train.py", "${inputs.trian}", "${outputs.model}", "${with.epochs}")
                        .input("train", "load.data").output("model", PortKind.MODEL).with("epochs", 3))
                .step("eval", evaluate("custom.model"));

        assertThat(problems(b)).containsExactly(
                "steps.custom.run[2]: '${inputs.trian}' names no input of step 'custom'. Did you mean 'train'?");
    }

    @Test
    void resolvesStaticCommandArguments() {
        Pipeline p = builder()
                .param(ParamSpec.of("epochs", ParamType.INT, 5L))
                .step("load", s -> s.uses("source"))
                .step("custom", s -> s.run("python3", "train.py", "--epochs", "${params.epochs}", "--data", "${inputs.train}")
                        .input("train", "load.data").output("model", PortKind.MODEL).matrix("lr", 0.1, 0.01))
                .build();

        StepNode first = p.step("custom[lr=0.1]").orElseThrow();
        StepKind.CommandStep cmd = (StepKind.CommandStep) first.kind();
        assertThat(cmd.argv()).extracting(Template::source)
                .containsExactly("python3", "train.py", "--epochs", "5", "--data", "${inputs.train}");
        assertThat(first.params()).containsEntry("lr", 0.1);
        assertThat(first.inputs().get("train").port().kind()).isEqualTo(PortKind.TABLE);
    }

    @Test
    void validatesAHundredThousandStepChain() {
        PipelineBuilder b = builder().step("s0", s -> s.uses("source"));
        b.step("t1", s -> s.uses("train").input("train", "s0.data"));
        for (int i = 2; i < 100_000; i++) {
            String prev = "t" + (i - 1);
            b.step("t" + i, s -> s.uses("train").input("train", "s0.data").after(prev));
        }
        Pipeline p = b.build();
        assertThat(p.steps()).hasSize(100_000);
        assertThat(p.steps().getLast().name()).isEqualTo("t99999");
    }

    @Test
    void finallyAndOnFailureStepsAreDeclaredInJavaAndCheckedAsInYaml() {
        Pipeline p = Pipeline.builder("tidy")
                .step("train", s -> s.run("python3", "train.py"))
                .step("cleanup", s -> s.run("python3", "cleanup.py", "${run.status}"))
                .step("notify", s -> s.run("python3", "notify.py", "${run.failed_steps}"))
                .finallySteps("cleanup").onFailure("notify")
                .build();
        assertThat(p.steps()).extracting(n -> p.phase(n).yamlName()).containsExactly("main", "finally", "on_failure");

        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> Pipeline.builder("tidy")
                .step("train", s -> s.run("python3", "train.py", "${run.status}"))
                .step("cleanup", s -> s.run("python3", "cleanup.py"))
                .finallySteps("clenup")
                .build());
        assertThat(e.problems()).extracting(Problem::format).containsExactly(
                "finally[0]: finally: names 'clenup', which is not a step of this pipeline. Did you mean 'cleanup'?",
                "steps.train.run[2]: '${run.status}' can only be used by steps listed in finally: or on_failure:, which run"
                        + " once the other steps have ended. Add 'train' to finally: or on_failure:, or remove the reference.");
    }
}
