package dev.sluice.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole pipeline files, as {@code sluice validate} reads them: the YAML loader and the validator. Whatever the bytes,
 * the answer is a valid pipeline or a {@link DefinitionException} whose every problem has a message; any other
 * exception or error (a {@code StackOverflowError} on deep nesting, a {@code ClassCastException} on an odd shape) is a
 * finding, except where {@code sluice validate} shows the loader's problems instead. Seeds: the example pipelines and one file per shape of the grammar.
 */
class PipelineFileFuzzTest {
    private static final YamlPipelineLoader LOADER = new YamlPipelineLoader();
    private static final PipelineValidator VALIDATOR = new PipelineValidator(ComponentRegistry.defaults());
    private static final Path BASE = Path.of("target", "fuzz-pipelines").toAbsolutePath();

    @FuzzTest
    @DictionaryEntries({"pipeline:", "steps:", "params:", "uses:", "run:", "with:", "inputs:", "outputs:", "after:",
            "matrix:", "when:", "retries:", "timeout:", "checks:", "resources:", "env:", "cache:", "code:", "${params.",
            "${steps.", ".metrics.", "${with.", "${matrix.", "${env.", "${inputs.", "${outputs.", "[*]", "<<: *", "&a",
            "type: int", "default:", "min:", "max:", "!!binary", "count", "file", "csv", "sql", "xgboost", ">= 0.8"})
    void loadAndValidate(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        PipelineSpec spec = LOADER.parse(yaml, "fuzz.yaml", BASE);
        try {
            VALIDATOR.validate(spec, Map.of());
        } catch (DefinitionException e) {
            assertThat(e.problems()).isNotEmpty();
            for (Problem p : e.problems()) assertThat(p.message()).isNotBlank();
        } catch (RuntimeException e) {
            // as sluice validate does (PipelineLoading): a validator tripping over a spec the loader found broken
            // shows the loader's problems; on a spec without problems it is a finding
            if (spec.problems().isEmpty()) throw e;
        }
    }
}
