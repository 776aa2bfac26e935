package dev.sluice.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Component;
import dev.sluice.ml.table.Frame;
import dev.sluice.testing.GoldenModels;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Format stability of every model type sluice-ml writes. The golden folders in sluice-testing
 * ({@link GoldenModels}) were written once by the trainers below; today's reader must load each one and score its
 * rows to the outputs recorded then, and today's trainers must still write folders of the same shape (the same
 * files, the same {@code model.json} fields) that the same check accepts. After a deliberate format change, write
 * the folders again (and say so in the change):
 * {@code ./mvnw -B -pl sluice-ml -am test -Dtest=GoldenModelFormatsTest -Dsluice.golden.update=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GoldenModelFormatsTest {
    private static final ObjectMapper JSON = ModelArtifact.json();
    /** Where {@code -Dsluice.golden.update=true} writes the folders (tests run in the module's folder). */
    private static final Path SOURCE = Path.of("../sluice-testing/src/main/resources" + GoldenModels.ROOT);

    /** One golden model: the trainer, the data file (sluice-ml's test data), the target and the parameters. */
    private record Spec(String name, Function<TableReader, Component> trainer, String data, String target, Object... params) {}

    private static final List<Spec> SPECS = List.of(
            new Spec("logistic", LogisticTrainer::new, "breast_cancer.csv", "diagnosis"),
            new Spec("logistic-multiclass", LogisticTrainer::new, "iris.csv", "species"),
            new Spec("linear", LinearTrainer::new, "housing_sample.csv", "median_house_value"),
            new Spec("random_forest", RandomForestTrainer::new, "breast_cancer.csv", "diagnosis", "trees", 4L, "max_depth", 3L),
            new Spec("random_forest-regression", RandomForestTrainer::new, "housing_sample.csv", "median_house_value",
                    "trees", 4L, "max_depth", 3L),
            new Spec("xgboost", XgboostTrainer::new, "breast_cancer.csv", "diagnosis", "rounds", 4L, "max_depth", 2L),
            new Spec("xgboost-multiclass", XgboostTrainer::new, "iris.csv", "species", "rounds", 3L, "max_depth", 2L),
            new Spec("xgboost-regression", XgboostTrainer::new, "housing_sample.csv", "median_house_value",
                    "rounds", 4L, "max_depth", 2L));

    /** The rows each golden folder scores: the first lines of its data file. */
    private static final int ROWS = 5;

    @TempDir
    Path dir;

    @Test
    void everyGoldenModelLoadsAndScoresItsRowsToTheRecordedOutputs() throws Exception {
        assertThat(GoldenModels.names()).as("one golden folder per spec").containsExactlyElementsOf(SPECS.stream().map(Spec::name).toList());
        for (String name : GoldenModels.names()) {
            Path folder = GoldenModels.copy(name, dir.resolve("golden"));
            assertThat(outputs(folder)).as(name).satisfies(actual -> sameOutputs(name, actual, expected(folder)));
        }
    }

    @Test
    void todaysTrainersWriteFoldersOfTheGoldenShapeThatTheSameCheckAccepts() throws Exception {
        if (Boolean.getBoolean("sluice.golden.update")) { // after a deliberate format change: rewrite, check next build
            regenerate();
            return;
        }
        for (Spec spec : SPECS) {
            Path golden = GoldenModels.copy(spec.name(), dir.resolve("golden"));
            Path written = train(spec, dir.resolve("new"));
            assertThat(files(written)).as(spec.name() + ": the files of the folder")
                    .containsExactlyInAnyOrderElementsOf(GoldenModels.index().get(spec.name()).stream()
                            .filter(f -> !f.equals("rows.csv") && !f.equals("expected.json")).toList());
            JsonNode before = JSON.readTree(golden.resolve(ModelArtifact.MODEL_JSON).toFile());
            JsonNode now = JSON.readTree(written.resolve(ModelArtifact.MODEL_JSON).toFile());
            assertThat(shape(now)).as(spec.name() + ": the fields of model.json").isEqualTo(shape(before));
            assertThat(now.path("format_version").asInt()).as(spec.name()).isEqualTo(before.path("format_version").asInt());
            Files.copy(golden.resolve("rows.csv"), written.resolve("rows.csv"));
            double[][] outputs = outputs(written);
            double[][] expected = expected(golden);
            assertThat(outputs.length).as(spec.name() + ": rows").isEqualTo(expected.length);
            for (int r = 0; r < outputs.length; r++) assertThat(outputs[r].length).as(spec.name() + ": outputs a row").isEqualTo(expected[r].length);
            for (double[] row : outputs) for (double v : row) assertThat(v).as(spec.name()).isFinite();
        }
    }

    /** Writes the golden folders in sluice-testing's sources from today's trainers ({@code -Dsluice.golden.update=true}). */
    private void regenerate() throws Exception {
        StringBuilder index = new StringBuilder("# model name, then its files (GoldenModels; written by sluice-ml's GoldenModelFormatsTest)\n");
        for (Spec spec : SPECS) {
            Path written = train(spec, dir.resolve("update"));
            Path target = SOURCE.resolve(spec.name());
            if (Files.isDirectory(target)) {
                try (Stream<Path> old = Files.list(target)) {
                    for (Path p : (Iterable<Path>) old::iterator) Files.delete(p);
                }
            }
            Files.createDirectories(target);
            List<String> names = files(written);
            for (String f : names) Files.copy(written.resolve(f), target.resolve(f));
            List<String> lines = Files.readAllLines(TestData.resource(spec.data()));
            Files.write(target.resolve("rows.csv"), lines.subList(0, ROWS + 1));
            ObjectNode expected = JSON.createObjectNode();
            expected.set("outputs", JSON.valueToTree(outputs(target)));
            Files.writeString(target.resolve("expected.json"), JSON.writeValueAsString(expected) + "\n");
            index.append(spec.name());
            for (String f : names) index.append(' ').append(f);
            index.append(" rows.csv expected.json\n");
        }
        Files.writeString(SOURCE.resolve("index.txt"), index.toString());
    }

    /** Trains {@code spec} on its whole data file; the model folder. */
    private static Path train(Spec spec, Path dir) throws IOException {
        Frame data = TestData.csv(spec.data());
        Path step = dir.resolve(spec.name());
        TestContext ctx = new TestContext(step).named(spec.name()).cpus(2)
                .input("train", TestData.parquet(data, step.resolve("train.parquet"))).param("target", spec.target());
        for (int i = 0; i < spec.params().length; i += 2) ctx.param((String) spec.params()[i], spec.params()[i + 1]);
        Component trainer = spec.trainer().apply(TestData.TABLES);
        ctx.defaultsOf(trainer);
        try {
            trainer.run(ctx);
        } catch (Exception e) {
            throw new AssertionError(spec.name() + " did not train", e);
        }
        return ctx.outputs.get("model");
    }

    /** The model outputs for the folder's rows.csv. */
    private static double[][] outputs(Path folder) throws IOException {
        Frame rows = TestData.TABLES.read(folder.resolve("rows.csv"));
        try (LoadedModel m = ModelArtifact.load(folder)) {
            return m.predict(rows).outputs();
        }
    }

    private static double[][] expected(Path folder) throws IOException {
        return JSON.treeToValue(JSON.readTree(folder.resolve("expected.json").toFile()).path("outputs"), double[][].class);
    }

    private static void sameOutputs(String name, double[][] actual, double[][] expected) {
        assertThat(actual.length).as(name + ": rows").isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            assertThat(actual[r].length).as(name + ": outputs of row " + r).isEqualTo(expected[r].length);
            for (int k = 0; k < expected[r].length; k++) {
                assertThat(actual[r][k]).as(name + " row " + r + " output " + k)
                        .isCloseTo(expected[r][k], within(1e-12 * Math.max(1, Math.abs(expected[r][k]))));
            }
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The field paths of a JSON document and each one's node type (an array's elements as one path, "[]"). */
    private static TreeSet<String> shape(JsonNode node) {
        TreeSet<String> paths = new TreeSet<>();
        shape(node, "$", paths);
        return paths;
    }

    private static void shape(JsonNode node, String path, TreeSet<String> paths) {
        if (node.isNull()) return; // an optional field: absent and null are one shape
        paths.add(path + ":" + (node.isNumber() ? "number" : node.getNodeType().name().toLowerCase()));
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                shape(e.getValue(), path + "." + (path.endsWith(".training.params") || path.endsWith(".training.metrics") ? "*" : e.getKey()), paths);
            }
        } else if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            for (JsonNode item : items) shape(item, path + "[]", paths);
        }
    }
}
