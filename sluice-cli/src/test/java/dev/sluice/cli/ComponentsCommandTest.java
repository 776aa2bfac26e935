package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice components}: every component's declaration, read back from the component itself. */
class ComponentsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void listsEveryBuiltInComponentWithItsVersionAndDescription() {
        Cli.Result r = cli().run("components");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> names = r.out().lines().skip(1).map(l -> l.split(" +")[0]).toList();
        assertThat(names).contains("file", "concat", "count", "register", "promote", "csv", "parquet", "jdbc", "sql", "split",
                "expect", "profile", "preprocess", "xgboost", "logistic", "linear", "random_forest", "evaluate", "predict",
                "canary");
        assertThat(r.out()).contains("\nsplit          1        Splits a table into train, test and validation");
    }

    @Test
    void describesOneComponentWholly() {
        Cli.Result r = cli().run("components", "count");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                count (version 1): Counts lines, words and bytes of 'in'; metrics lines, words, bytes.

                Inputs:
                  in  file  the file to count

                Outputs:
                  out  metrics  {"lines", "words", "bytes"} as JSON

                Parameters:
                  (none)

                Metrics:
                  lines  lines, a last line without a newline included
                  words  runs of non-whitespace bytes
                  bytes  the file's size in bytes
                """);
    }

    @Test
    void showsParametersWithTypesDefaultsBoundsDocsAndRules() {
        Cli.Result r = cli().run("components", "split");
        assertThat(r.out()).contains("""
                Parameters:
                  test         double, default 0.2, min 0, max 1
                               fraction of rows for test, 0 < x < 1
                """, """
                Rules:
                  stratify is required when method is stratified
                  time_column is required when method is time
                """, "  train_rows       rows in train\n");
    }

    @Test
    void jsonCarriesXgboostsDefaultsThatWereWrittenNowhere() throws IOException {
        Cli.Result r = cli().run("components", "xgboost", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode node = JSON.readTree(r.out());
        Map<String, JsonNode> params = new java.util.HashMap<>();
        node.get("params").forEach(p -> params.put(p.get("name").asText(), p));
        assertThat(params.get("rounds").get("default").asLong()).isEqualTo(100);
        assertThat(params.get("eta").get("default").asDouble()).isEqualTo(0.3);
        assertThat(params.get("max_depth").get("default").asLong()).isEqualTo(6);
        assertThat(params.get("early_stopping").get("default").asLong()).isEqualTo(10);
        assertThat(params.get("validation_fraction").get("default").asDouble()).isEqualTo(0.1); // the hold-out's share
        assertThat(params.get("target").get("required").asBoolean()).isTrue();
        params.values().forEach(p -> assertThat(p.get("doc").asText()).as(p.get("name").asText()).isNotEmpty());
        assertThat(node.get("metrics").toString()).contains("\"best_iteration\"");
        assertThat(node.get("inputs").get(1).get("optional").asBoolean()).isTrue();
    }

    @Test
    void everyBuiltInParameterAndPortHasADoc() throws IOException {
        JsonNode all = JSON.readTree(cli().run("components", "--json").out()).get("components");
        List<String> undocumented = new ArrayList<>();
        for (JsonNode c : all) {
            for (String part : List.of("params", "inputs", "outputs")) {
                c.get(part).forEach(p -> {
                    if (p.get("doc").asText().isEmpty()) undocumented.add(c.get("name").asText() + " " + part + " " + p.get("name").asText());
                });
            }
            if (c.get("metrics").isNull()) undocumented.add(c.get("name").asText() + " metrics");
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void aComponentClassIsDescribedByItsClassName() {
        Cli.Result r = cli().run("components", Upper.class.getName());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("upper (version 2): Upper-cases a file.\n");
    }

    @Test
    void anUnknownComponentIsAUsageErrorWithASuggestion() {
        Cli.Result r = cli().run("components", "splt");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                sluice: unknown component 'splt'. Did you mean 'split' or 'sql'?
                Run 'sluice components --help' for usage.
                """);
    }

    @Test
    void theCommittedReferenceIsGeneratedFromTheDeclarations() throws IOException {
        Path committed = Cli.repoRoot().resolve("docs/components.md");
        String generated = cli().run("components", "--markdown").out();
        assertThat(Files.exists(committed) ? Files.readString(committed) : "")
                .as("docs/components.md is stale: regenerate it with `" + ComponentReference.REGENERATE + "`")
                .isEqualTo(generated);
    }

    /** A user component, on the class path but not registered by a provider. */
    public static final class Upper implements dev.sluice.api.Component {
        @Override
        public ComponentSpec spec() {
            return ComponentSpec.builder("upper", "2").description("Upper-cases a file.")
                    .input("in", PortKind.FILE, "text").output("out", PortKind.FILE, "the same text, upper case").build();
        }

        @Override
        public void run(StepContext ctx) {
        }
    }
}
