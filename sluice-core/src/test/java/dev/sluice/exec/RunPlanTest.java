package dev.sluice.exec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunPlanTest {
    private static final Path BASE = Path.of("/tmp");

    @Test
    void folderNamesKeepSafeCharactersAndAreUnique() {
        RunPlan plan = new RunPlan(pipeline(BASE, step("gbdt[eta=0.1]").build(), step("gbdt_eta=0.1_").build(),
                step("a/b c").build(), step("..").build()), 2);

        assertThat(plan.folders).containsExactly("gbdt_eta=0.1_", "gbdt_eta=0.1_-2", "a_b_c", "_..");
    }

    @Test
    void dependentsAndInDegreesComeFromEveryKindOfDependency() {
        RunPlan plan = new RunPlan(pipeline(BASE, step("a").build(), step("b").build(),
                step("c").after("a").input("x", dev.sluice.api.PortKind.FILE, "b.out", "a.out").build()), 2);

        assertThat(plan.inDegree).containsExactly(0, 0, 2);
        assertThat(plan.dependents[0]).containsExactly(2);
        assertThat(plan.dependents[1]).containsExactly(2);
    }

    @Test
    void rejectsAStepThatDependsOnALaterOne() {
        assertThatThrownBy(() -> new RunPlan(pipeline(BASE, step("a").after("b").build(), step("b").build()), 1))
                .hasMessage("step 'a' depends on 'b', which comes later in the pipeline: steps must be in topological order"
                        + " (is there a cycle?)");
    }

    @Test
    void clampsCpuToTheWorkers() {
        RunPlan plan = new RunPlan(pipeline(BASE, step("big").cpu(16).build()), 4);
        assertThat(plan.slots(0)).isEqualTo(4);
    }

    @Test
    void environmentNamesAndDurationsAreWrittenPlainly() {
        assertThat(CommandRunner.envName("max-depth.v2")).isEqualTo("MAX_DEPTH_V2");
        assertThat(StepRunner.show(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(StepRunner.show(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(StepRunner.show(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
