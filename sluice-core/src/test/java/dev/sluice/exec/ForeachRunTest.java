package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.ForeachSpec;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.exec.YamlRuns.lastLogLine;
import static dev.sluice.exec.YamlRuns.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code foreach:} in a real workspace: one instance per element of the list an upstream step gives, named by the
 * element, fanned in like a matrix, each cached on its own; the list is checked when the run reaches the step.
 */
@Timeout(120)
class ForeachRunTest {
    @TempDir Path home;
    @TempDir Path dir;
    private Workspace ws;

    /** {@code list_regions} gives the list passed as a parameter; {@code train} runs once per region; {@code pick} reads all. */
    private static final String PIPELINE = """
            pipeline: regions
            params:
              regions: {type: string, default: '["eu", "us"]'}
              bad: {type: string, default: none}
            steps:
              list_regions:
                run: [python3, -c, "import os, sys; os.makedirs('outputs/regions', exist_ok=True); open('outputs/regions/r.json', 'w').write(sys.argv[1])",
                      "${params.regions}"]
                outputs: {regions: value}
              train:
                run: [python3, -c, "import os, sys; os.makedirs('outputs/model', exist_ok=True); open('outputs/model/m.txt', 'w').write('model for ' + sys.argv[1]); sys.exit(1 if sys.argv[1] == sys.argv[2] else 0)",
                      "${matrix.region}", "${params.bad}"]
                outputs: {model: file}
                foreach: {from: list_regions.regions, as: region, max: 3}
              pick:
                run: [python3, -c, "import os, sys; print(sorted(open(os.path.join(r, f)).read() for r, _, fs in os.walk(sys.argv[1]) for f in fs))",
                      "${inputs.models}"]
                inputs: {models: "train[*].model"}
            """;

    @BeforeEach
    void open() throws IOException {
        ws = Workspace.open(home);
        Files.writeString(dir.resolve("regions.yaml"), PIPELINE);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private Pipeline load(Map<String, String> params) {
        return YamlRuns.load(dir.resolve("regions.yaml"), params);
    }

    private RunResult run(Map<String, String> params) {
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(load(params), RunListener.NONE);
    }


    @Test
    void oneInstancePerElementNamedByItFannedInAndRecorded() throws IOException {
        RunResult r = run(Map.of());

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).isEqualTo(Map.of("list_regions", StepStatus.SUCCEEDED, "train[region=eu]", StepStatus.SUCCEEDED,
                "train[region=us]", StepStatus.SUCCEEDED, "pick", StepStatus.SUCCEEDED));
        assertThat(lastLogLine(r, "pick")).isEqualTo("['model for eu', 'model for us']");
        var queries = ws.metadata().queries();
        assertThat(queries.stepRun(r.runId(), "train[region=us]").orElseThrow().state()).isEqualTo(StepStatus.SUCCEEDED);
        String page = dev.sluice.report.RunReportPage.render(queries.run(r.runId()).orElseThrow(), queries.stepRuns(r.runId()));
        assertThat(page).contains("<td>train[region=eu]</td>", "<td>train[region=us]</td>");
    }

    @Test
    void aReRunWithTheSameListReusesEveryInstanceAndANewElementRunsAlone() throws IOException {
        assertThat(run(Map.of()).status()).isEqualTo(RunStatus.SUCCEEDED);

        RunResult again = run(Map.of());
        assertThat(statuses(again).values()).containsOnly(StepStatus.CACHED);

        RunResult more = run(Map.of("regions", "[\"eu\", \"us\", \"apac\"]"));
        assertThat(statuses(more)).containsEntry("train[region=eu]", StepStatus.CACHED)
                .containsEntry("train[region=us]", StepStatus.CACHED).containsEntry("train[region=apac]", StepStatus.SUCCEEDED)
                .containsEntry("pick", StepStatus.SUCCEEDED);
        assertThat(lastLogLine(more, "pick")).isEqualTo("['model for apac', 'model for eu', 'model for us']");
    }

    @Test
    void aListLongerThanMaxFailsTheStepSayingSoAndBlocksWhatReadsIt() {
        RunResult r = run(Map.of("regions", "[\"eu\", \"us\", \"apac\", \"latam\"]"));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(r)).isEqualTo(Map.of("list_regions", StepStatus.SUCCEEDED, "train", StepStatus.FAILED,
                "pick", StepStatus.BLOCKED));
        assertThat(r.step("train").orElseThrow().error()).hasValue("foreach of step 'train' reads 'list_regions.regions',"
                + " which holds 4 elements, more than max: 3; raise foreach max: (at most 100000) or give a shorter list");
        assertThat(ws.metadata().queries().stepRun(r.runId(), "train").orElseThrow().state()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void aListThatIsNotOneFailsTheStepSayingWhatItHolds() {
        RunResult r = run(Map.of("regions", "{\"eu\": 1}"));
        assertThat(r.step("train").orElseThrow().error()).hasValue("foreach of step 'train' reads 'list_regions.regions',"
                + " which holds an object, not a JSON list; make that output a list such as [\"eu\", \"us\"]");
    }

    @Test
    void anEmptyListSkipsWhatNeedsItsOutputs() {
        RunResult r = run(Map.of("regions", "[]"));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).isEqualTo(Map.of("list_regions", StepStatus.SUCCEEDED, "pick", StepStatus.SKIPPED));
        assertThat(r.step("pick").orElseThrow().error())
                .hasValue("input 'models' comes from foreach step 'train', whose list was empty");
    }

    @Test
    void aFailedInstanceBlocksTheFanInAndTheOthersStillRun() {
        RunResult r = run(Map.of("bad", "us"));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(r)).containsEntry("train[region=eu]", StepStatus.SUCCEEDED)
                .containsEntry("train[region=us]", StepStatus.FAILED).containsEntry("pick", StepStatus.BLOCKED);
    }

    @Test
    void thePlanSaysTheInstancesAreKnownWhenTheRunGetsThere() {
        List<PlannedStep> plan = new Planner(Optional.of(ws)).plan(load(Map.of()), new RunOptions(2, false, home));
        assertThat(plan).extracting(PlannedStep::name).containsExactly("list_regions", "train", "pick");
        assertThat(plan.get(1).reason()).isEqualTo(PlannedStep.Reason.FOREACH);
        assertThat(plan.get(1).why()).startsWith("foreach: one instance per element of 'list_regions.regions', known when");
        assertThat(plan.get(2).reason()).isEqualTo(PlannedStep.Reason.UPSTREAM_RUNS);
        assertThat(plan.get(1).instances()).isEmpty();

        // once the list is in the cache, the plan names the instances it would make
        assertThat(run(Map.of()).status()).isEqualTo(RunStatus.SUCCEEDED);
        List<PlannedStep> after = new Planner(Optional.of(ws)).plan(load(Map.of()), new RunOptions(2, false, home));
        assertThat(after.get(0).decision()).isEqualTo(PlannedStep.Decision.CACHED);
        assertThat(after.get(1).instances()).containsExactly("train[region=eu]", "train[region=us]");
        assertThat(after.get(1).why()).isEqualTo("foreach: one instance per element of 'list_regions.regions', now"
                + " train[region=eu], train[region=us] from the list 'list_regions' would give from the cache (each comes"
                + " from the cache when its element and inputs are the same as before)");
    }

    @Test
    void theJavaApiMakesTheSameInstancesAndTheDefaultBoundIsAThousand() throws IOException {
        Pipeline p = Pipeline.builder("regions").baseDir(dir)
                .step("list_regions", s -> s.run("python3", "-c", "import os; os.makedirs('outputs/regions', exist_ok=True);"
                        + " open('outputs/regions/r.json', 'w').write('[1, 2]')").output("regions", dev.sluice.api.PortKind.VALUE))
                .step("train", s -> s.run("python3", "-c", "import sys; print('n=' + sys.argv[1] + ' ' + sys.argv[2])", "${item}",
                        "${matrix.item}")
                        .foreach(ForeachSpec.over("list_regions.regions")))
                .build();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(p, RunListener.NONE);
        assertThat(statuses(r)).containsOnlyKeys("list_regions", "train[item=1]", "train[item=2]");
        assertThat(lastLogLine(r, "train[item=2]")).isEqualTo("n=2 2");

        var foreach = p.foreach("train").orElseThrow();
        assertThat(foreach.spec().max()).isEqualTo(1000);
        List<Integer> many = java.util.stream.IntStream.range(0, 1001).boxed().toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> foreach.elements(many))
                .hasMessage("foreach of step 'train' reads 'list_regions.regions', which holds 1001 elements, more than"
                        + " max: 1000; raise foreach max: (at most 100000) or give a shorter list");
    }
}
