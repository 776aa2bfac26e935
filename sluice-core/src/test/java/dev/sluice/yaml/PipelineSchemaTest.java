package dev.sluice.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schema accepts every example and valid test pipeline, and rejects what the loader rejects. */
class PipelineSchemaTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = PipelineSchemaTest.class.getResourceAsStream("/schema/pipeline.schema.json")) {
            assertThat(in).as("schema/pipeline.schema.json on the classpath").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void acceptsEveryExampleAndValidTestPipeline() throws IOException {
        List<Path> files = new ArrayList<>(yamlFiles(MODULE.resolve("src/test/resources/pipelines/valid")));
        Path examples = repoRoot().resolve("examples");
        yamlFiles(examples).stream().filter(p -> !examples.relativize(p).startsWith("errors")).forEach(files::add);

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(errors(Files.readString(file))).as("schema errors in %s", file).isEmpty();
            assertThat(new YamlPipelineLoader().load(file).problems()).as("loader problems in %s", file).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pipeline: p\nsteps:\n  train: {uses: logistic, inputz: {data: load.data}}\n",
            "pipeline: p\nsteps:\n  train: {run: python3 train.py}\n",
            "pipeline: p\nsteps:\n  train: {uses: logistic, resources: {cpu: 0}}\n",
            "pipeline: p\nsteps:\n  train: {uses: logistic, run: [python3, train.py]}\n",
            "pipeline: p\nsteps:\n  train: {with: {a: 1}}\n",
            "pipeline: p\nsteps:\n  train: {uses: logistic, cache: maybe}\n",
            "pipeline: p\nsteps:\n  train: {uses: logistic, timeout: 5 minutes}\n",
            "pipeline: p\nsteps:\n  train: {run: [a], outputs: {model: modle}}\n",
            "pipeline: p\nsteps:\n  load.csv: {uses: csv}\n",
            "pipeline: p\nparams:\n  epochs: {type: integer}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nparams:\n  size: {type: enum}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nsteps: {}\n",
            "pipeline: p\nparameters: {}\nsteps:\n  train: {uses: logistic}\n",
            "steps:\n  train: {uses: logistic}\n",
            "pipeline: p\nconcurrency: {max: 0}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nconcurrency: {max: 1, policy: later}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nconcurrency: {policy: skip}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {method: bayes, trials: 2, objective: {metric: auc, goal: maximize},"
                    + " params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {method: tpe, trials: 2, startup: 0, objective: {metric: auc,"
                    + " goal: maximize}, params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, startup: 1, objective: {metric: auc,"
                    + " goal: maximize}, params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, early_stop: {patience: 0}, objective: {metric: auc,"
                    + " goal: maximize}, params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, early_stop: {patients: 3}, objective: {metric: auc,"
                    + " goal: maximize}, params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, early_stop: {median: {warmup: 3}}, objective: {metric: auc,"
                    + " goal: maximize}, params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, early_stop: {median: {min_trials: 0}}, objective: {metric: auc,"
                    + " goal: maximize}, params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, objective: {metric: auc, goal: max},"
                    + " params: {eta: {uniform: [0, 1]}}}}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, sweep: {trials: 2, objective: {metric: auc, goal: maximize},"
                    + " params: {eta: {uniformly: [0, 1]}}}}\n",
            "pipeline: p\ninputs: {raw: tabel}\nsteps:\n  t: {uses: logistic}\n",
            "pipeline: p\noutputs: {data: {form: t.model}}\nsteps:\n  t: {uses: logistic}\n",
            "pipeline: p\nretention: {}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nretention: {keep_days: 0}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nretention: {keep_last: 1.5}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nretention: {keep_runs: 10}\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nretention: 30\nsteps:\n  train: {uses: logistic}\n",
            "pipeline: p\nfinally: {cleanup: true}\nsteps:\n  cleanup: {uses: logistic}\n",
            "pipeline: p\non_failure: [[notify]]\nsteps:\n  notify: {uses: logistic}\n",
            "pipeline: p\nonfailure: [notify]\nsteps:\n  notify: {uses: logistic}\n",
            "pipeline: p\nsteps:\n  t: {run: [a], foreach: {form: l.regions}}\n",
            "pipeline: p\nsteps:\n  t: {run: [a], foreach: {from: l.regions, max: 0}}\n",
            "pipeline: p\nsteps:\n  t: {run: [a], foreach: [eu, us]}\n",
            "pipeline: p\nschedules: {name: n, cron: \"@daily\"}\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\nschedules: [{cron: \"@daily\"}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\nschedules: [{name: n, cron: \"@daily\", catchup: lastest}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\nschedules: [{name: n, cron: \"@daily\", max_catchup: 0}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\nschedules: [{name: n, cron: \"@daily\", cadence: 1}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\nparams: {f: x}\ntriggers: [{name: t, data: {folder: in, param: f, stable_seconds: -1}}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\ntriggers: [{name: t, webhook: {secret_env: lower}}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\ntriggers: [{name: t, upstream: {pipeline: a, status: done}}]\nsteps:\n  t: {run: [a]}\n",
            "pipeline: p\nengine: sparc\nsteps:\n  t: {uses: logistic}\n",
            "pipeline: p\nsteps:\n  t: {uses: logistic, engine: [spark]}\n",
    })
    void rejectsWhatTheLoaderRejects(String yaml) {
        assertThat(errors(yaml)).isNotEmpty();
        assertThat(new YamlPipelineLoader().parse(yaml, "p.yaml", MODULE).problems()).isNotEmpty();
    }

    @Test
    void rejectsAStepNameTheValidatorRejects() {
        String yaml = "pipeline: p\nsteps:\n  " + "s".repeat(101) + ": {run: [echo]}\n";
        assertThat(errors(yaml)).isNotEmpty();
        assertThat(errors("pipeline: p\nsteps:\n  " + "s".repeat(100) + ": {run: [echo]}\n")).isEmpty();
        var spec = new YamlPipelineLoader().parse(yaml, "p.yaml", MODULE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.sluice.pipeline.PipelineValidator(
                dev.sluice.pipeline.ComponentRegistry.empty()).validate(spec, java.util.Map.of()))
                .hasMessageContaining("is 101 characters long");
    }

    private static List<String> errors(String yaml) {
        Object doc = new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
        JsonNode tree = new ObjectMapper().valueToTree(doc);
        return schema.validate(tree).stream().map(Error::toString).toList();
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        }
    }

    private static Path repoRoot() {
        for (Path p = MODULE; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw"))) return p;
        }
        throw new IllegalStateException("no folder with mvnw above " + MODULE);
    }
}
