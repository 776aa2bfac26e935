package dev.sluice.pipeline;

import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code run:} step's input takes one file when one output is wired to it, and a list when a list or a fan-in
 * ({@code STEP[*].OUTPUT}, even of one instance) is: the script then gets every path.
 */
class CommandStepInputsTest {
    @Test
    void anInputIsAListWhenAListOrAFanInIsWired() {
        String yaml = """
                pipeline: command
                steps:
                  load:
                    uses: source
                  prep:
                    run: [python3, prep.py]
                    outputs: {clean: table}
                    matrix: {part: [1]}
                  report:
                    run: [python3, report.py]
                    inputs:
                      one: load.data
                      both: [load.data, load.data]
                      fan: prep[*].clean
                      single: [load.data]
                """;
        var spec = new YamlPipelineLoader().parse(yaml, "c.yaml", Path.of("."));
        Pipeline p = new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, Map.of());
        Map<String, Binding> inputs = p.step("report").orElseThrow().inputs();
        assertThat(inputs.get("one").port().many()).isFalse();
        assertThat(inputs.get("one").sources()).hasSize(1);
        assertThat(inputs.get("both").port().many()).isTrue();
        assertThat(inputs.get("both").sources()).hasSize(2);
        assertThat(inputs.get("fan").port().many()).isTrue();
        assertThat(inputs.get("fan").sources()).hasSize(1);
        assertThat(inputs.get("fan").port().kind()).isEqualTo(dev.sluice.api.PortKind.TABLE);
        assertThat(inputs.get("single").port().many()).as("a list of one is one input").isFalse();
    }
}
