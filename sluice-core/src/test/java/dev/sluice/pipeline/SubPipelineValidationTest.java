package dev.sluice.pipeline;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Steps that use another pipeline file ({@code uses: pipeline:FILE}): expansion, and every mistake located. */
class SubPipelineValidationTest {
    private static Path file(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(SubPipelineValidationTest.class.getResource("/pipelines/composition/" + name)).toURI());
    }

    private static Pipeline valid(String name) throws URISyntaxException {
        return new PipelineValidator(ComponentRegistry.defaults()).validate(new YamlPipelineLoader().load(file(name), name), Map.of());
    }

    private static List<String> problems(String name) throws URISyntaxException {
        var spec = new YamlPipelineLoader().load(file(name), name);
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of()));
        assertThat(e).as("expected " + name + " to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void theUsedPipelinesStepsJoinThePlanUnderTheStepsName() throws Exception {
        Pipeline p = valid("main.yaml");
        assertThat(p.steps()).extracting(StepNode::name).containsExactly("load", "features/head", "features/lines", "count");
        StepNode head = p.step("features/head").orElseThrow();
        assertThat(head.baseName()).isEqualTo("features/head");
        assertThat(head.params()).containsEntry("text", "hello\n");
        assertThat(head.inputs().get("parts").sources()).containsExactly(new OutputRef("load", "file", PortKind.FILE));
        assertThat(p.step("features/lines").orElseThrow().inputs().get("in").sources())
                .containsExactly(new OutputRef("features/head", "out", PortKind.FILE));
        StepNode count = p.step("count").orElseThrow();
        assertThat(count.inputs().get("in").sources()).containsExactly(new OutputRef("features/head", "out", PortKind.FILE));
        // what reads a used pipeline waits for all of it, so a gate inside it (lines >= 2) stops the reader
        assertThat(count.dependencies()).containsExactlyInAnyOrder("features/head", "features/lines");
        assertThat(p.instances()).containsEntry("features", List.of("features/head", "features/lines"));
        assertThat(p.baseDir("features/head")).isEqualTo(file("features.yaml").getParent());
    }

    @Test
    void bindingsOfTheUsedPipelineAreCheckedWithSuggestions() throws Exception {
        assertThat(problems("bad-bindings.yaml")).containsExactly(
                "bad-bindings.yaml:4:3: step 'features' needs input 'raw' (a file). Add inputs: {raw: STEP.OUTPUT}.",
                "bad-bindings.yaml:6:19: component 'pipeline:features.yaml' has no parameter 'titel'. Did you mean 'title'?",
                "bad-bindings.yaml:7:19: component 'pipeline:features.yaml' has no input 'rwa'. Did you mean 'raw'?",
                "bad-bindings.yaml:8:13: step 'features' uses a pipeline, so checks: does not apply to it. Put checks: on the"
                        + " steps inside pipeline:features.yaml.",
                "bad-bindings.yaml:9:37: step 'count' reads 'features.txt', but step 'features' has no output 'txt'."
                        + " Did you mean 'features.text'?");
    }

    @Test
    void problemsInsideTheUsedPipelinePointAtItsOwnFile() throws Exception {
        assertThat(problems("uses-broken.yaml")).containsExactly(
                "broken-features.yaml:6:10: output 'extra' gives 'heda.out', but there is no step 'heda'. Did you mean 'head.out'?",
                "broken-features.yaml:8:40: step 'head' reads 'inputs.rwa', but the pipeline declares no input 'rwa'."
                        + " Did you mean 'inputs.raw'?",
                "broken-features.yaml:9:17: unknown component 'cuont'. Did you mean 'count'?");
    }

    @Test
    void filesThatUseEachOtherAreACycleNamedFileByFile() throws Exception {
        assertThat(problems("cycle-a.yaml")).containsExactly(
                "cycle-b.yaml:3:13: pipeline files use each other in a cycle: cycle-a.yaml -> cycle-b.yaml -> cycle-a.yaml."
                        + " A pipeline cannot use itself, directly or through others; remove one of these uses: pipeline:.");
    }

    @Test
    void aUsedPipelineCannotHaveFinalStepsNorForeachYet() throws Exception {
        assertThat(problems("uses-per-region.yaml")).containsExactly(
                "uses-per-region.yaml:3:20: step 'regional' uses pipeline:per-region.yaml, which has finally: or on_failure:"
                        + " steps; they run only in the pipeline that runs. Move them to this pipeline's finally: or"
                        + " on_failure:, or keep that file for running on its own.",
                "uses-per-region.yaml:3:20: step 'regional' uses pipeline:per-region.yaml, whose step 'train' has foreach:,"
                        + " which a used pipeline cannot have yet. Move that step into this pipeline, reading the used"
                        + " pipeline's outputs.");
    }

    @Test
    void aMissingFileIsReportedAtTheUses() throws Exception {
        List<String> problems = problems("missing.yaml");
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst()).startsWith("missing.yaml:3:20: pipeline file nope.yaml does not exist."
                + " uses: pipeline:FILE is relative to the folder of the file that has it (");
    }

    @Test
    void aPipelineWithInputsValidatesAloneButDoesNotRunAlone() throws Exception {
        Pipeline features = valid("features.yaml");
        assertThat(features.inputs()).containsOnlyKeys("raw");
        assertThat(features.outputs().get("text")).containsExactly(new OutputRef("head", "out", PortKind.FILE));
        assertThat(features.step("head").orElseThrow().dependencies()).isEmpty();
    }

    @Test
    void theJavaApiUsesABuiltPipelineAsAStep() {
        // a component object given to the used pipeline's builder is found when the using one is validated
        dev.sluice.api.Component upper = dev.sluice.api.Component.of(dev.sluice.api.ComponentSpec.builder("upper", "1")
                .input("in", PortKind.FILE).output("out", PortKind.FILE).build(), ctx -> { });
        Pipeline features = Pipeline.builder("features").input("raw", PortKind.FILE)
                .param(dev.sluice.api.ParamSpec.of("title", dev.sluice.api.ParamType.STRING, "header"))
                .step("shout", s -> s.uses(upper).input("in", "inputs.raw"))
                .step("head", s -> s.uses("concat").input("parts", "shout.out").with("text", "${params.title}"))
                .output("text", "head.out")
                .build();
        Pipeline main = Pipeline.builder("main")
                .step("load", s -> s.uses("file").with("path", "words.txt"))
                .step("features", s -> s.uses(features).input("raw", "load.file").with("title", "hi"))
                .step("count", s -> s.uses("count").input("in", "features.text"))
                .build();
        assertThat(main.steps()).extracting(StepNode::name).containsExactly("load", "features/shout", "features/head",
                "count");
        assertThat(main.step("features/head").orElseThrow().params()).containsEntry("text", "hi");

        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> Pipeline.builder("main")
                .step("load", s -> s.uses("file").with("path", "words.txt"))
                .step("features", s -> s.uses(features).input("raw", "load.file"))
                .step("count", s -> s.uses("count").input("in", "features.txet"))
                .build());
        assertThat(e.problems()).extracting(Problem::format).containsExactly("steps.count.inputs.in[0]: step 'count' reads"
                + " 'features.txet', but step 'features' has no output 'txet'. Did you mean 'features.text'?");
    }

    @Test
    void aPipelineUsedTwiceAndPipelinesUsedInsideOthersAreExpandedByTheirPaths() throws Exception {
        Pipeline p = valid("uses-twice.yaml");
        assertThat(p.steps()).extracting(StepNode::name).containsExactly("load", "first/head", "first/lines",
                "second/head", "second/lines", "nested/inner/head[trial=1]", "nested/inner/head[trial=2]", "all");
        assertThat(p.step("second/head").orElseThrow().inputs().get("parts").sources())
                .containsExactly(new OutputRef("first/head", "out", PortKind.FILE));
        assertThat(p.step("nested/inner/head[trial=1]").orElseThrow().inputs().get("raw").sources())
                .containsExactly(new OutputRef("second/head", "out", PortKind.FILE));
        assertThat(p.step("all").orElseThrow().inputs().get("parts").sources()).extracting(OutputRef::step)
                .containsExactly("nested/inner/head[trial=1]", "nested/inner/head[trial=2]");
        assertThat(p.sweeps()).containsOnlyKeys("nested/inner/head");
        assertThat(p.sweeps().get("nested/inner/head").trials()).containsExactly("nested/inner/head[trial=1]",
                "nested/inner/head[trial=2]");
    }

    @Test
    void aFanInOutputIntoASingleInputAndMetricsOfAPipelineStepAreRefused() throws Exception {
        assertThat(problems("fan-in-mistakes.yaml")).containsExactly(
                "fan-in-mistakes.yaml:5:35: input 'in' of step 'one' takes one file, but trials.parts gives 2. Wire it to a"
                        + " component input that takes a list, or give one output.");
        assertThat(problems("metrics-of-pipeline.yaml")).containsExactly(
                "metrics-of-pipeline.yaml:5:54: '${steps.trials.metrics.lines}' reads step 'trials', which uses a pipeline"
                        + " and has no metrics or outputs of its own. Declare what you need as an output of"
                        + " pipeline:trials.yaml and wire it with inputs:.");
    }
}
