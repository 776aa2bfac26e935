package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.TriggerSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TriggersReaderTest {
    private static final Path PIPELINES = Path.of("src/test/resources/pipelines").toAbsolutePath();

    @Test
    void readsEachKindOfTriggerWithItsDefaults() {
        PipelineSpec spec = new YamlPipelineLoader().load(PIPELINES.resolve("valid/triggers.yaml"));
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.triggers()).containsExactly(
                new TriggerSpec.Webhook("hook", "HOOK_SECRET", Map.of("day", "$.day", "region", "$.where.region"), 10),
                new TriggerSpec.DataArrival("landed", "incoming", "*.csv", "file", 1, Optional.empty()),
                new TriggerSpec.DataArrival("marked", "drops", "*", "file", 0, Optional.of(".done")),
                new TriggerSpec.DataArrival("in_bucket", "s3://bucket/in/", "*.csv", "file", 2, Optional.empty()),
                new TriggerSpec.Upstream("after_train", "train", "succeeded", Optional.of("train_run"), Map.of()));
    }

    @Test
    void aPrefixIsAnS3LocationAndNotGivenWithAFolder() {
        PipelineSpec spec = new YamlPipelineLoader().parse("""
                pipeline: p
                params: {file: {type: string, default: none}}
                triggers:
                  - {name: a, data: {prefix: "bucket/in/", param: file}}
                  - {name: b, data: {prefix: "s3://bucket/in/", folder: in, param: file}}
                  - {name: c, data: {prefix: "s3://bucket/in/", param: file}}
                steps: {s: {uses: concat, with: {text: x}}}
                """, "p.yaml", PIPELINES);
        assertThat(spec.problems()).extracting(Problem::format).containsExactly(
                "p.yaml:4:30: prefix 'bucket/in/' is not an S3 location. Write s3://BUCKET/PREFIX/, e.g. prefix: s3://bucket/in/.",
                "p.yaml:5:30: a data trigger watches a folder or a prefix, not both. Keep folder: (a local folder) or prefix:"
                        + " (an s3:// prefix).");
        assertThat(spec.triggers()).extracting(TriggerSpec::name).containsExactly("c");
        assertThat(((TriggerSpec.DataArrival) spec.triggers().getFirst()).objectStore()).isTrue();
    }

    @Test
    void reportsEveryMistakeWithItsPositionAndTheClosestParameter() {
        PipelineSpec spec = new YamlPipelineLoader().load(PIPELINES.resolve("invalid/bad-triggers.yaml"));
        String f = PIPELINES.resolve("invalid/bad-triggers.yaml").toString();
        List<String> problems = spec.problems().stream().map(Problem::format).toList();
        assertThat(problems).containsExactly(
                f + ":6:40: 'hook-secret' is not an environment variable name."
                        + " Use upper-case letters, digits and '_', e.g. HOOK_SECRET; the secret itself never goes in the file.",
                f + ":6:62: the pipeline has no parameter 'dya'. Did you mean 'day'?",
                f + ":6:82: 'day' is not a body field path."
                        + " Write $. and the field's name, e.g. \"$.file\" or \"$.data.file\".",
                f + ":7:50: the pipeline has no parameter 'fiel'. Did you mean 'file'?",
                f + ":7:72: stable_seconds must be a whole number >= 0, got -1."
                        + " Example: stable_seconds: 2",
                f + ":8:5: a trigger has exactly one of webhook:, data: or upstream:, got 2."
                        + " Write one trigger per entry, e.g. {name: ingest, webhook: {secret_env: HOOK_SECRET, params: {day: \"$.day\"}}}",
                f + ":9:26: upstream needs pipeline: (the pipeline whose runs start this one)."
                        + " Example: pipeline: train",
                f + ":9:57: the pipeline has no parameter 'run'."
                        + " Declare it under params: (it has day, file).",
                f + ":10:5: a trigger needs webhook:, data: or upstream: (one of them)."
                        + " Write one trigger per entry, e.g. {name: ingest, webhook: {secret_env: HOOK_SECRET, params: {day: \"$.day\"}}}",
                f + ":10:17: unknown key 'webhok' in a trigger. Did you mean 'webhook'?",
                f + ":11:39: pipeline 'ingest' cannot follow its own runs. Each run would start the next one; name another pipeline.");
    }

    @Test
    void theReadmesTriggersExampleLoadsWithEachKindOfTrigger() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Triggers"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```", section.indexOf("```yaml\n") + 8));
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "README.md", PIPELINES);
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.triggers()).extracting(TriggerSpec::kind).containsExactly("webhook", "data", "upstream");
    }
}
