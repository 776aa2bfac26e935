package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order a validated pipeline lists its steps in (the plan's order, and the order steps start in with one slot):
 * among the steps whose dependencies are done, the one written first. Checked on random graphs against the rule
 * written out plainly, so every shape of the ready set is met.
 */
class TopologicalOrderTest {
    /** Kahn's algorithm, scanning for the first ready step in file order each time. */
    private static List<String> expected(int n, List<List<Integer>> after) {
        boolean[] done = new boolean[n];
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                boolean ready = true;
                for (int d : after.get(i)) ready &= done[d];
                if (ready) {
                    done[i] = true;
                    out.add("s" + i);
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void amongReadyStepsTheOneWrittenFirstGoesFirst() {
        Random random = new Random(22);
        for (int round = 0; round < 40; round++) {
            int n = 5 + random.nextInt(60);
            List<Integer> rank = new ArrayList<>();
            for (int i = 0; i < n; i++) rank.add(i);
            Collections.shuffle(rank, random);
            List<List<Integer>> after = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Integer> deps = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (rank.get(j) < rank.get(i) && random.nextInt(n) < 2) deps.add(j);
                }
                after.add(deps);
            }
            PipelineBuilder b = Pipeline.builder("order").registry(PipelineValidatorTest.REGISTRY);
            for (int i = 0; i < n; i++) {
                String[] deps = after.get(i).stream().map(d -> "s" + d).toArray(String[]::new);
                b.step("s" + i, s -> s.after(deps).uses("source"));
            }
            assertThat(b.build().steps()).extracting(StepNode::name).as("round %d", round)
                    .containsExactlyElementsOf(expected(n, after));
        }
    }
}
