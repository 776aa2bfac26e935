package dev.sluice.exec;

import dev.sluice.api.Check;
import dev.sluice.api.CheckResult;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Checks, when:, skipping, templates and fan-in. */
@Timeout(60)
class DataFlowTest {
    @TempDir Path home;
    @TempDir Path base;

    private static final ComponentSpec WRITES_FILE = ComponentSpec.builder("writer", "1").output("out", PortKind.FILE).build();

    private RunResult run(Map<String, Object> params, dev.sluice.pipeline.StepNode... steps) {
        return new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base, params, List.of(steps)), RunListener.NONE);
    }

    @Test
    void aFailedCheckFailsTheStepAsAGateAndBlocksTheRun() {
        RunResult r = run(Map.of(),
                step("evaluate").check("auc", ">= 0.8").check("rows", "> 0").check("loss", "< 1")
                        .java(ctx -> { ctx.metric("auc", 0.72); ctx.metric("rows", 10); }).build(),
                step("deploy").after("evaluate").build(),
                step("independent").build());

        StepResult eval = r.step("evaluate").orElseThrow();
        assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(eval.status()).isEqualTo(StepStatus.FAILED);
        assertThat(eval.attempts()).isEqualTo(1);
        assertThat(eval.error()).hasValue("check failed: auc >= 0.8 (observed 0.72); loss < 1 (metric 'loss' was not reported)");
        assertThat(eval.checks()).containsExactly(
                new CheckResult("auc", false, Optional.of(0.72), ">= 0.8"),
                new CheckResult("rows", true, Optional.of(10.0), "> 0"),
                new CheckResult("loss", false, Optional.empty(), "< 1"));
        assertThat(eval.metrics()).containsEntry("auc", 0.72);
        assertThat(r.step("deploy").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        assertThat(r.step("independent").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void checksAStepReportsItselfAreRecordedAndAFailedErrorOneFailsTheStepAsAGateWithoutATrace() throws Exception {
        RunResult r = run(Map.of(),
                step("expect").check("rows", "> 0").retries(2, java.time.Duration.ZERO).java(ctx -> {
                    ctx.metric("rows", 3);
                    ctx.log("expect: 3 rows");
                    ctx.check(new Check("age.max", false, "<= 120", "150", "1 of 3 rows fails, e.g. row 2", Check.Severity.ERROR));
                    ctx.check(new Check("age.nulls", false, "<= 0", "1", "1 of 3 rows fails, e.g. row 3", Check.Severity.WARN));
                    ctx.check(new Check("job.in", true, "in [a, b]", "only allowed values", "", Check.Severity.ERROR));
                }).build(),
                step("train").after("expect").build());

        StepResult expect = r.step("expect").orElseThrow();
        assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(expect.status()).isEqualTo(StepStatus.FAILED);
        assertThat(expect.attempts()).isEqualTo(1);
        assertThat(expect.error()).hasValue("check failed: age.max <= 120 (observed 150)");
        assertThat(expect.checks()).containsExactly(
                new CheckResult("age.max", false, Optional.of(150.0), "<= 120", Optional.of("150"), "1 of 3 rows fails, e.g. row 2", Check.Severity.ERROR),
                new CheckResult("age.nulls", false, Optional.of(1.0), "<= 0", Optional.of("1"), "1 of 3 rows fails, e.g. row 3", Check.Severity.WARN),
                new CheckResult("job.in", true, Optional.empty(), "in [a, b]", Optional.of("only allowed values"), "", Check.Severity.ERROR),
                new CheckResult("rows", true, Optional.of(3.0), "> 0"));
        assertThat(Files.readString(expect.log().orElseThrow())).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.step("train").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
    }

    @Test
    void aFailedWarnCheckIsRecordedAndTheStepSucceeds() {
        RunResult r = run(Map.of(), step("expect").java(ctx ->
                ctx.check(new Check("age.max", false, "<= 120", "150", "", Check.Severity.WARN))).build());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("expect").orElseThrow().checks()).extracting(CheckResult::name, CheckResult::passed, CheckResult::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("age.max", false, Check.Severity.WARN));
    }

    @Test
    void aFailedCheckIsNotRetried() {
        RunResult r = run(Map.of(), step("gate").retries(3, java.time.Duration.ZERO).check("auc", ">= 0.8")
                .java(ctx -> ctx.metric("auc", 0.5)).build());
        assertThat(r.step("gate").orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void passingChecksAreRecorded() {
        RunResult r = run(Map.of(), step("ok").check("auc", ">= 0.8").java(ctx -> ctx.metric("auc", 0.9)).build());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("ok").orElseThrow().checks()).containsExactly(new CheckResult("auc", true, Optional.of(0.9), ">= 0.8"));
    }

    @Test
    void aFalseWhenSkipsTheStepAndStepsThatNeedItsOutput() {
        var optionalReader = ComponentSpec.builder("opt", "1").optionalInput("in", PortKind.FILE).build();
        List<Boolean> seen = new ArrayList<>();
        RunResult r = run(Map.of("deploy", false),
                step("train").java(WRITES_FILE, ctx -> Files.writeString(ctx.outputFile("out", "m.txt"), "m")).build(),
                step("deploy").when("${params.deploy} && ${steps.train.outputs.out} != ''")
                        .java(WRITES_FILE, ctx -> Files.writeString(ctx.outputFile("out", "d.txt"), "d")).build(),
                step("notify").input("in", PortKind.FILE, "deploy.out").build(),
                step("report").java(optionalReader, ctx -> seen.add(ctx.hasInput("in")))
                        .input(new PortSpec("in", PortKind.FILE, false, true, ""), "deploy.out").build(),
                step("cleanup").after("deploy").build());

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("deploy").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(r.step("deploy").orElseThrow().error())
                .hasValue("when: ${params.deploy} && ${steps.train.outputs.out} != '' is false");
        assertThat(r.step("notify").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(r.step("notify").orElseThrow().error()).hasValue("input 'in' comes from skipped step 'deploy'");
        assertThat(r.step("report").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(seen).containsExactly(false);
        assertThat(r.step("cleanup").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void templateParametersAreRenderedFromUpstreamMetricsAndValidated() {
        var spec = ComponentSpec.builder("use", "1").param("threshold", ParamType.DOUBLE).param("label", ParamType.STRING).build();
        List<Object> seen = new ArrayList<>();
        RunResult r = run(Map.of("prefix", "run"),
                step("eval").java(ctx -> ctx.metric("auc", 0.875)).build(),
                step("use").matrix("eta", 0.1).with("threshold", "${steps.eval.metrics.auc}")
                        .with("label", "${params.prefix}-${matrix.eta}-${with.threshold}")
                        .java(spec, ctx -> { seen.add(ctx.param("threshold")); seen.add(ctx.param("label")); }).build());

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen).containsExactly(0.875, "run-0.1-0.875");
    }

    @Test
    void aParameterThatFailsValidationFailsTheStepClearly() {
        var spec = ComponentSpec.builder("use", "1").param("depth", ParamType.INT).build();
        RunResult r = run(Map.of(),
                step("eval").java(ctx -> ctx.metric("auc", 0.875)).build(),
                step("use").with("depth", "${steps.eval.metrics.auc}").java(spec, ctx -> { }).build());

        assertThat(r.step("use").orElseThrow().error()).hasValue("parameter 'depth': depth must be an int, got 0.875");
    }

    @Test
    void aManyPortReceivesEveryProducersOutputInOrder() {
        var many = ComponentSpec.builder("gather", "1").manyInput("parts", PortKind.FILE).build();
        List<String> seen = new ArrayList<>();
        RunResult r = run(Map.of(),
                step("p[i=1]").base("p").java(WRITES_FILE, ctx -> Files.writeString(ctx.outputFile("out", "x.txt"), "one")).build(),
                step("p[i=2]").base("p").java(WRITES_FILE, ctx -> Files.writeString(ctx.outputFile("out", "x.txt"), "two")).build(),
                step("p[i=3]").base("p").when("false").java(WRITES_FILE, ctx -> { }).build(),
                step("p[i=4]").base("p").java(WRITES_FILE, ctx -> Files.writeString(ctx.outputFile("out", "x.txt"), "four")).build(),
                step("gather").java(many, ctx -> {
                    for (Path p : ctx.inputs("parts")) seen.add(Files.readString(p));
                }).input(new PortSpec("parts", PortKind.FILE, true, false, ""), "p[i=1].out", "p[i=2].out", "p[i=3].out", "p[i=4].out").build());

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen).containsExactly("one", "two", "four");
        assertThat(r.step("p[i=1]").orElseThrow().outputs().get("out"))
                .isEqualTo(r.runDir().resolve("steps/p_i=1_/outputs/out/x.txt"));
    }

    @Test
    void eventsComeInOrder() {
        RecordingListener events = new RecordingListener();
        new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base,
                step("a").build(), step("b").after("a").build(), step("c").when("false").build(),
                step("d").java(ctx -> { throw new IllegalStateException("x"); }).build(), step("e").after("d").build()), events);

        List<RunEvent> all = events.events();
        assertThat(all.getFirst()).isInstanceOfSatisfying(RunEvent.RunStarted.class,
                e -> assertThat(e.steps()).containsExactly("a", "b", "c", "d", "e"));
        assertThat(all.getLast()).isInstanceOfSatisfying(RunEvent.RunFinished.class,
                e -> assertThat(e.result().status()).isEqualTo(RunStatus.FAILED));
        assertThat(all).hasSize(10);
        assertThat(events.labels("a")).containsExactly("StepStarted", "StepSucceeded");
        assertThat(events.labels("c")).containsExactly("StepSkipped");
        assertThat(events.labels("d")).containsExactly("StepStarted", "StepFailed");
        assertThat(events.labels("e")).containsExactly("StepBlocked");
        int aDone = all.indexOf(events.ofType(RunEvent.StepSucceeded.class).stream().filter(e -> e.step().equals("a")).findFirst().orElseThrow());
        int bStart = all.indexOf(events.ofType(RunEvent.StepStarted.class).stream().filter(e -> e.step().equals("b")).findFirst().orElseThrow());
        assertThat(aDone).isLessThan(bStart);
        assertThat(all).extracting(RunEvent::runId).containsOnly(all.getFirst().runId());
        assertThat(all.getFirst().runId()).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
    }

    @Test
    void anEmptyPipelineSucceeds() {
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base, List.of()), RunListener.NONE);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.runDir()).isDirectory().hasParent(home.resolve("runs"));
    }
}
