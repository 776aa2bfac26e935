package dev.sluice.pipeline;

import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.internal.Locations;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocationsTest {
    @Test
    void behavesAsAMapFromPathToTheFirstPositionRecorded() {
        Locations.Builder b = Locations.builder("p.yaml");
        Map<String, SourceLocation> expected = new LinkedHashMap<>();
        String[] paths = {"pipeline", "steps", "steps.a", "steps.a.uses", "steps.a.inputs.x[0]", "steps.b", "steps.b.uses",
            "steps.ab.uses", "steps.a[0]", "steps.", "params.lr", "steps.a.b.c"};
        for (int i = 0; i < paths.length; i++) {
            b.putIfAbsent(paths[i], i + 1, 2 * i + 1);
            b.putIfAbsent(paths[i], 99, 99);   // the first position wins
            expected.put(paths[i], new SourceLocation("p.yaml", i + 1, 2 * i + 1));
        }
        assertThat(b.find("steps.a.uses")).isEqualTo(new SourceLocation("p.yaml", 4, 7));
        Locations at = b.build();
        assertThat(at).isEqualTo(expected).hasSize(paths.length);
        assertThat(at.get("steps.a.with")).isNull();
        assertThat(at.get("steps.c.uses")).isNull();
        assertThat(at.get("steps.a.uses.x")).isNull();
        assertThat(at.containsKey("steps.")).isTrue();
    }

    @Test
    void aStepWithManyPathsKeepsThemAll() {
        Locations.Builder b = Locations.builder("p.yaml");
        for (int i = 0; i < 100; i++) b.putIfAbsent("steps.s.run[" + i + "]", i + 1, 3);
        for (int i = 0; i < 100; i++) b.putIfAbsent("steps.s.run[" + i + "]", 1000, 1);
        Locations at = b.build();
        assertThat(at).hasSize(100);
        assertThat(at.get("steps.s.run[57]")).isEqualTo(new SourceLocation("p.yaml", 58, 3));
    }

    @Test
    void specLocatesThroughTheNearestRecordedAncestor() {
        Locations at = Locations.builder("p.yaml").putIfAbsent("pipeline", 1, 11).putIfAbsent("steps.a", 3, 3)
                .putIfAbsent("steps.a.inputs.x", 4, 20).build();
        PipelineSpec spec = new PipelineSpec("p", null, java.nio.file.Path.of("."), Map.of(), Map.of(), at, java.util.List.of());
        assertThat(spec.locations()).isSameAs(at);
        assertThat(spec.locate("steps.a.inputs.x[1]")).contains(new SourceLocation("p.yaml", 4, 20));
        assertThat(spec.locate("steps.a.with.k")).contains(new SourceLocation("p.yaml", 3, 3));
        assertThat(spec.locate("steps.zz.uses")).contains(new SourceLocation("p.yaml", 1, 11));
    }
}
