package dev.sluice.ml.model;

import dev.sluice.api.Component;
import dev.sluice.ml.Fixtures;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retraining a model with the same inputs, parameters and seed gives the same model folder, byte for byte, so that
 * it registers as the same artifact and whatever reads it downstream comes from the cache. Checked in this process
 * and in other JVMs ({@link #main}): an immutable {@code Map}'s iteration order changes from one JVM to the next.
 */
class ReproducibleModelsTest {
    static final List<String> FEATURES = List.of("gender", "SeniorCitizen", "Partner", "tenure", "InternetService",
            "Contract", "PaymentMethod", "MonthlyCharges");

    static final List<String> COMPONENTS = List.of("xgboost", "logistic", "linear", "random_forest", "preprocess");

    @TempDir
    static Path dir;
    static Path data;
    /** Component → the folder another JVM trained, all in one child process (a JVM start is seconds here). */
    static Map<String, Path> childFolders;

    @BeforeAll
    static void trainEveryComponentInAnotherJvm() throws Exception {
        data = Fixtures.telcoCsv(dir);
        childFolders = trainInAnotherJvm(dir.resolve("child"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "logistic", "linear", "random_forest", "preprocess"})
    void twoTrainingsWithTheSameInputsAndSeedGiveByteIdenticalModelFolders(String component) throws Exception {
        Map<String, String> first = files(train(component, data, dir.resolve(component + "-first")));
        Map<String, String> again = files(train(component, data, dir.resolve(component + "-again")));
        assertThat(again).isEqualTo(first);
        assertThat(files(childFolders.get(component))).as("trained in another JVM").isEqualTo(first);
        assertThat(first.get(ModelArtifact.MODEL_JSON)).doesNotContain("_ms\"");
    }

    /** Trains {@code component} on the telco sample into {@code step}; returns the model (or transform) folder. */
    static Path train(String name, Path data, Path step) throws Exception {
        Component component = new ModelComponents(TestData.TABLES).components().stream()
                .filter(c -> c.spec().name().equals(name)).findFirst().orElseThrow();
        boolean prep = name.equals("preprocess");
        String target = name.equals("linear") ? "MonthlyCharges" : "Churn";
        List<String> features = new ArrayList<>(FEATURES);
        features.remove(target);
        TestContext ctx = new TestContext(step).named(name).cpus(2).input(prep ? "data" : "train", data)
                .param("target", target).param("features", features);
        if (name.equals("random_forest")) ctx.param("trees", 20L);
        if (name.equals("xgboost")) ctx.param("rounds", 30L);
        component.run(ctx.defaultsOf(component));
        return ctx.outputs.get(prep ? "transform" : "model");
    }

    /** Runs {@link #main} in a child JVM with this test's class path. */
    private static Map<String, Path> trainInAnotherJvm(Path folder) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createDirectories(folder).resolve("child.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ReproducibleModelsTest.class.getName(), data.toString(), folder.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        Map<String, Path> out = new TreeMap<>();
        for (String c : COMPONENTS) out.put(c, Path.of(Files.readString(folder.resolve(c + ".txt")).trim()));
        return out;
    }

    /** The child's entry point: {@code DATA DIR}; trains every component, writes each folder's path to DIR/NAME.txt. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        for (String c : COMPONENTS) {
            Path model = train(c, Path.of(args[0]), folder.resolve(c));
            Files.writeString(folder.resolve(c + ".txt"), model.toString());
        }
        System.exit(0);
    }

    /** Every file under {@code folder}: relative path → content. */
    static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }
}
