package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the TPE sampler proposes for a given seed and given results, value for value. README promises that the same
 * seed and results propose the same trials on every JDK and every release (a re-run then finds each trial in the
 * cache): a change to the sampler's arithmetic (its kernels, their widths and masses, the categories' weights, the
 * seed's mixing with the trial number) changes these values and must be a deliberate one, made together with this
 * test.
 */
class TpeProposalsPinnedTest {
    private static Map<String, SweepSpec.Distribution> space() {
        Map<String, SweepSpec.Distribution> m = new LinkedHashMap<>();
        m.put("x", new SweepSpec.Uniform(0, 1));
        m.put("lr", new SweepSpec.LogUniform(1e-4, 1));
        m.put("depth", new SweepSpec.IntRange(1, 20));
        m.put("booster", new SweepSpec.Choice(List.of("gbtree", "dart", "linear", "exact")));
        return m;
    }

    private static SweepSpec spec(long seed, SweepSpec.Goal goal) {
        return new SweepSpec(SweepSpec.Method.TPE, 40, seed, 1, new SweepSpec.Objective("score", goal), space(), 10, 0);
    }

    /** Twelve finished trials: the first ten random draws of seed 3, with a score that is best near x = 0.3, depth 7. */
    private static List<TpeSampler.Observed> history() {
        List<TpeSampler.Observed> out = new ArrayList<>();
        List<Map<String, Object>> drawn = Sweep.trials(spec(3, SweepSpec.Goal.MAXIMIZE));
        for (int i = 0; i < 12; i++) {
            Map<String, Object> p = drawn.get(i);
            double x = ((Number) p.get("x")).doubleValue();
            double depth = ((Number) p.get("depth")).doubleValue();
            double score = -((x - 0.3) * (x - 0.3) + (depth - 7) * (depth - 7) / 400 + (p.get("booster").equals("dart") ? 0 : 0.01));
            out.add(new TpeSampler.Observed(p, i == 5 ? Double.NaN : score));
        }
        return out;
    }

    private static String propose(long seed, SweepSpec.Goal goal, int trial, Set<Map<String, Object>> taken) {
        return TpeSampler.propose(spec(seed, goal), trial, history(), taken, Map.of("fallback", true)).toString();
    }

    @Test
    void theProposalsOfSeedsAndTrialsAreTheseValues() {
        List<String> proposals = new ArrayList<>();
        for (long seed : new long[] {7, 8}) {
            for (int trial : new int[] {13, 14}) {
                proposals.add(propose(seed, SweepSpec.Goal.MAXIMIZE, trial, Set.of()));
            }
        }
        proposals.add(propose(7, SweepSpec.Goal.MINIMIZE, 13, Set.of()));
        assertThat(proposals).containsExactly(
                "{x=0.3114, lr=0.3798, depth=10, booster=gbtree}",
                "{x=0.07334, lr=0.1329, depth=11, booster=gbtree}",
                "{x=0.2486, lr=0.4852, depth=12, booster=gbtree}",
                "{x=0.1125, lr=0.03643, depth=13, booster=gbtree}",
                "{x=0.8951, lr=0.2043, depth=17, booster=dart}");
    }

    @Test
    void aTakenProposalGivesWayToTheNextBestCandidate() {
        String best = propose(7, SweepSpec.Goal.MAXIMIZE, 13, Set.of());
        Set<Map<String, Object>> taken = new HashSet<>();
        taken.add(TpeSampler.propose(spec(7, SweepSpec.Goal.MAXIMIZE), 13, history(), Set.of(), Map.of()));
        String next = propose(7, SweepSpec.Goal.MAXIMIZE, 13, taken);
        assertThat(next).isNotEqualTo(best).isEqualTo("{x=0.05224, lr=0.05079, depth=9, booster=gbtree}");
    }

    @Test
    void twoRatedTrialsAreEnoughForTheModel() {
        Map<String, Object> fallback = Map.of("fallback", true);
        List<TpeSampler.Observed> two = history().subList(0, 2);
        assertThat(TpeSampler.propose(spec(7, SweepSpec.Goal.MAXIMIZE), 3, two, Set.of(), fallback)).isNotSameAs(fallback)
                .containsOnlyKeys("x", "lr", "depth", "booster");
        assertThat(TpeSampler.propose(spec(7, SweepSpec.Goal.MAXIMIZE), 3, two.subList(0, 1), Set.of(), fallback))
                .isSameAs(fallback);
    }
}
