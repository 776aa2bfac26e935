package dev.sluice.pipeline.internal;

import dev.sluice.api.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Locations} against the plain map it stands for: for any order of recorded paths (a step's paths in one run,
 * paths of an earlier step arriving after another step's, long runs, hundreds of steps), every path finds the first
 * position recorded for it, before and after {@link Locations.Builder#build()}, and the map's size, entries and
 * lookups agree with a {@link LinkedHashMap} filled by {@code putIfAbsent}.
 */
class LocationsAsAMapTest {
    private static SourceLocation at(int line, int column) {
        return new SourceLocation("p.yaml", line, column);
    }

    /** Records {@code path} in both, and checks the builder's answer before and after. */
    private static void put(Locations.Builder b, Map<String, SourceLocation> expected, String path, int line, int column) {
        assertThat(b.putIfAbsent(path, line, column)).isSameAs(b);
        expected.putIfAbsent(path, at(line, column));
        assertThat(b.find(path)).as(path).isEqualTo(expected.get(path));
    }

    private static void assertSameMap(Locations at, Map<String, SourceLocation> expected) {
        assertThat(at.size()).isEqualTo(expected.size());
        assertThat(at.entrySet()).hasSize(expected.size());
        Map<String, SourceLocation> copied = new HashMap<>();
        for (Map.Entry<String, SourceLocation> e : at.entrySet()) {
            assertThat(copied.put(e.getKey(), e.getValue())).as("entry %s listed twice", e.getKey()).isNull();
        }
        assertThat(copied).isEqualTo(expected);
        assertThat(expected).isEqualTo(at);   // expected's equals walks at's entries through get
        for (Map.Entry<String, SourceLocation> e : expected.entrySet()) {
            assertThat(at.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(at.containsKey(e.getKey())).as(e.getKey()).isTrue();
        }
    }

    @Test
    void hundredsOfStepsLongRunsAndLatePathsAgreeWithAPlainMap() {
        Random random = new Random(22);
        Locations.Builder b = Locations.builder("p.yaml");
        Map<String, SourceLocation> expected = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        int line = 1;
        put(b, expected, "pipeline", line++, 11);
        put(b, expected, "steps", line++, 1);
        for (int s = 0; s < 300; s++) {
            String name = s % 7 == 0 ? "x" + s : "step_" + s;
            names.add(name);
            if (s % 2 == 0) assertThat(b.startStep(name)).isSameAs(b);
            String p = "steps." + name;
            put(b, expected, p, line++, 3);
            put(b, expected, p + ".uses", line++, 11);
            put(b, expected, p + ".uses", 9999, 1);   // the first position wins
            int run = s % 10 == 0 ? 40 : random.nextInt(6);   // every tenth step has a run longer than 16 entries
            for (int i = 0; i < run; i++) put(b, expected, p + ".run[" + i + "]", line++, 7);
            if (run > 0) put(b, expected, p + ".run[" + random.nextInt(run) + "]", 9999, 2);
            put(b, expected, p + ".inputs.x", line++, 19);
            put(b, expected, p + "[0]", line++, 5);
            if (s % 5 == 0) put(b, expected, "params.p" + s, line++, 9);
            if (s > 3 && s % 3 == 0) {   // a path of an earlier step, after that step's run was closed
                String earlier = "steps." + names.get(random.nextInt(s - 1));
                put(b, expected, earlier + ".retries", line, 13);
                put(b, expected, earlier + ".retries", 9999, 3);
                put(b, expected, earlier + ".uses", 9999, 4);   // recorded in the step's own run already
                line++;
            }
        }
        for (String name : names) {
            assertThat(b.find("steps." + name + ".with")).isNull();
            assertThat(b.find("steps." + name + ".uses.x")).isNull();
        }
        assertThat(b.find("steps.nobody.uses")).isNull();
        assertThat(b.find("params.none")).isNull();

        Locations at = b.build();
        assertSameMap(at, expected);
        assertThat(at.get("steps.nobody")).isNull();
        assertThat(at.containsKey("steps.nobody")).isFalse();
        assertThat(at.containsKey("steps.x7.with")).isFalse();
        assertThat(at.get(42)).isNull();
        assertThat(at.get(null)).isNull();
    }

    @Test
    void theSeventeenthPathOfAStepIsFoundWhereItsRunStartsBeingIndexed() {
        Locations.Builder b = Locations.builder("p.yaml");
        Map<String, SourceLocation> expected = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            put(b, expected, "steps.s.run[" + i + "]", i + 1, 3);
            for (int j = 0; j <= i; j++) {
                assertThat(b.find("steps.s.run[" + j + "]")).as("run[%d] after %d paths", j, i + 1).isEqualTo(at(j + 1, 3));
            }
        }
        assertSameMap(b.build(), expected);
    }

    @Test
    void pathsOutsideStepsAndPathsThatOnlyLookLikeStepsAreKeptAsTheyAre() {
        Locations.Builder b = Locations.builder("p.yaml");
        Map<String, SourceLocation> expected = new LinkedHashMap<>();
        String[] paths = {"steps.", "steps", "stepsx.a", "steps..a", "steps.[0]", "step.a", "", "params.lr", "finally[0]",
            "steps.a", "steps.a.b", "steps.a[1].c", "steps.ab", "steps.b.a"};
        for (int i = 0; i < paths.length; i++) put(b, expected, paths[i], i + 1, i + 2);
        Locations at = b.build();
        assertSameMap(at, expected);
        assertThat(at).hasSize(paths.length);
        assertThat(new HashSet<>(at.keySet())).containsExactlyInAnyOrder(paths);
    }

    @Test
    void aLatePathIsFoundByTheBuilderAndByTheMap() {
        Locations.Builder b = Locations.builder("p.yaml").putIfAbsent("steps.a", 1, 3).putIfAbsent("steps.b", 2, 3)
                .putIfAbsent("steps.a.uses", 3, 11).putIfAbsent("steps.a.uses", 4, 11);
        assertThat(b.find("steps.a.uses")).isEqualTo(at(3, 11));
        Locations at = b.build();
        assertThat(at.get("steps.a.uses")).isEqualTo(at(3, 11));
        assertThat(at).hasSize(3).containsEntry("steps.b", at(2, 3)).containsEntry("steps.a", at(1, 3));
        assertThat(Locations.empty()).isEmpty();
        assertThat(Locations.empty().get("steps.a")).isNull();
    }

    @Test
    void everyStepsPathsAreListedWhateverTheNumberOfSteps() {
        for (int steps : new int[] {1, 31, 32, 33, 64, 65}) {   // the storage of steps grows at 32, 64, ...
            Locations.Builder b = Locations.builder("p.yaml");
            Map<String, SourceLocation> expected = new LinkedHashMap<>();
            for (int s = 0; s < steps; s++) {
                put(b, expected, "steps.s" + s, 2 * s + 1, 3);
                put(b, expected, "steps.s" + s + ".uses", 2 * s + 2, 11);
                put(b, expected, "steps.s" + s, 9999, 1);   // the first position wins, also for the very first entry
            }
            assertSameMap(b.build(), expected);
        }
    }
}
