package dev.sluice.exec;

import dev.sluice.pipeline.Template;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A step's folder name under {@code steps/} (safe characters kept, the rest {@code _}, repeats numbered), and how its
 * parameters that name each other are rendered: a loop is reported, a long chain is not, and the cache key keeps the
 * references that only exist once the step runs as text.
 */
class StepNamesAndRefsTest {
    private static final Path BASE = Path.of("/tmp");

    @Test
    void theCharactersJustOutsideTheSafeRangesAreReplacedAndTheRangesEndsAreKept() {
        assertThat(RunPlan.sanitize("azAZ09._=-")).isEqualTo("azAZ09._=-");
        // ` before a, { after z, @ before A, [ after Z, / before 0, : after 9
        assertThat(RunPlan.sanitize("a`b{c@d[e/f:g")).isEqualTo("a_b_c_d_e_f_g");
        assertThat(RunPlan.sanitize("")).isEqualTo("_");
    }

    @Test
    void threeStepsWhoseFolderNamesClashAreNumberedInOrder() {
        RunPlan plan = new RunPlan(pipeline(BASE, step("a b").build(), step("a/b").build(), step("a_b").build(),
                step("a:b").build()), 2);

        assertThat(plan.folders).containsExactly("a_b", "a_b-2", "a_b-3", "a_b-4");
    }

    private static RefResolver resolver(Map<String, Object> params) {
        TestPipelines.Node node = step("s");
        params.forEach(node::with);
        RunPlan plan = new RunPlan(pipeline(BASE, node.build()), 1);
        StepProgress[] states = {new StepProgress()};
        return new RefResolver(plan, states, 0, new LinkedHashMap<>(plan.nodes[0].params()));
    }

    @Test
    void parametersThatNameEachOtherInALoopAreReportedAsALoop() {
        RefResolver r = resolver(Map.of("a", "${with.b}", "b", "${with.a}"));

        assertThatThrownBy(() -> r.render(Template.parse("${with.a}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameters refer to each other in a loop: ");
    }

    @Test
    void aChainOfSixteenParametersEachNamingTheNextIsRendered() {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 1; i < 15; i++) params.put("p" + i, "${with.p" + (i + 1) + "}");
        params.put("p15", "${with.last}!");
        params.put("last", "end");
        RefResolver r = resolver(params);

        // the template given is the first rendered, p15 the sixteenth inside it
        assertThat(r.render(Template.parse("${with.p1}"))).isEqualTo("end!");
    }

    @Test
    void manyTemplatesRenderedOneAfterAnotherByOneResolverAreNotTakenForALoop() {
        RefResolver r = resolver(Map.of("x", "v"));
        for (int i = 0; i < 40; i++) assertThat(r.render(Template.parse("${with.x}-" + i))).isEqualTo("v-" + i);
    }

    @Test
    void theCacheKeyKeepsInputOutputAndEnvironmentReferencesAsTextAndRendersTheRest() {
        Template in = Template.parse("${inputs.data}/part");
        Template out = Template.parse("${outputs.model}");
        Template env = Template.parse("${env.PATH}");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("in", in);
        params.put("out", out);
        params.put("env", env);
        params.put("x", Template.parse("${with.y}"));
        params.put("y", "seven");
        RefResolver r = resolver(Map.of("y", "seven"))
                .withPaths(Map.of("data", Path.of("/work/in/data")), Map.of("model", Path.of("/work/out/model")));

        Map<String, Object> key = StepParams.forKey(params, r);

        assertThat(key.get("in")).isSameAs(in);
        assertThat(key.get("out")).isSameAs(out);
        assertThat(key.get("env")).isSameAs(env);
        assertThat(key.get("x")).isEqualTo("seven");
        assertThat(key.get("y")).isEqualTo("seven");
    }
}
