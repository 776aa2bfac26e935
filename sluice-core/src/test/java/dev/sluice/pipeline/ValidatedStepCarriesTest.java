package dev.sluice.pipeline;

import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a validated step carries from its YAML into the run (each a part of what it does or of its cache key): its
 * environment, its code files, its checks, its command parameters, whether it may be cached, and every step it waits
 * for, including the producer of a foreach: list and the steps its when: condition reads.
 */
class ValidatedStepCarriesTest {
    @Test
    void envCodeChecksParamsCacheAndDependenciesReachTheStep(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("prep.py"), "print(1)\n");
        String yaml = """
                pipeline: carries
                params:
                  day: {type: string, default: "2026-12-08"}
                steps:
                  load:
                    uses: source
                  prep:
                    run: [python3, prep.py]
                    code: [prep.py]
                    env: {MODE: fast, DAY: "${params.day}"}
                    with: {depth: 3}
                    outputs: {regions: value}
                    checks: {rows: ">= 10"}
                  fan:
                    run: [python3, fan.py, "${matrix.item}"]
                    foreach: {from: prep.regions}
                    cache: false
                  gated:
                    uses: source
                    when: "${params.day} != 'x' && 1 < ${steps.prep.metrics.rows}"
                """;
        var spec = new YamlPipelineLoader().parse(yaml, "c.yaml", dir);
        Pipeline p = new PipelineValidator(PipelineValidatorTest.REGISTRY).validate(spec, Map.of());
        StepNode prep = p.step("prep").orElseThrow();
        assertThat(prep.env()).containsOnlyKeys("MODE", "DAY").containsEntry("MODE", "fast");
        assertThat(prep.code()).containsExactly(dir.toAbsolutePath().resolve("prep.py").normalize());
        assertThat(prep.checks()).extracting(CheckSpec::metric).containsExactly("rows");
        assertThat(prep.params()).containsKey("depth");
        assertThat(prep.cache()).isTrue();
        assertThat(p.step("load").orElseThrow().cache()).isTrue();
        StepNode fan = p.step("fan").orElseThrow();
        assertThat(fan.cache()).isFalse();
        assertThat(fan.dependencies()).containsExactly("prep");
        assertThat(p.step("gated").orElseThrow().dependencies()).containsExactly("prep");
    }
}
