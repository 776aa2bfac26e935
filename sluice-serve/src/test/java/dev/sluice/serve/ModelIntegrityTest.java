package dev.sluice.serve;

import dev.sluice.api.ModelVersion;
import dev.sluice.exec.Workspace;
import dev.sluice.store.ContentDigest;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the server loads is what was registered: every model folder is checked against its artifact digest. */
class ModelIntegrityTest {
    @TempDir
    Path home;

    private static Training.Trained train(Workspace ws, String alias, long depth) {
        return Training.train(ws, Training.data("telco-500.csv"), "SELECT * EXCLUDE (customerID) FROM data", "Churn",
                "xgboost", "churn", alias, Map.of("max_depth", depth, "rounds", 20L));
    }

    /**
     * Rewrites the first leaf value of {@code xgboost.json} in place, keeping the file's size (as a careless edit or a
     * flipped disk block would), and returns the bytes it had.
     */
    static byte[] editLeaf(Path modelDir) throws Exception {
        Path file = modelDir.resolve("xgboost.json");
        byte[] original = Files.readAllBytes(file);
        String text = new String(original, StandardCharsets.UTF_8);
        int at = text.indexOf("\"base_weights\":[") + "\"base_weights\":[".length();
        int digit = at;
        while (!Character.isDigit(text.charAt(digit)) || text.charAt(digit) == '0') digit++;
        byte[] edited = original.clone();
        edited[digit] = (byte) (text.charAt(digit) == '9' ? '1' : text.charAt(digit) + 1);
        write(file, edited);
        return original;
    }

    /** Writes through a read-only file of the store, as root or a user who changes its mode could. */
    static void write(Path file, byte[] bytes) throws Exception {
        var mode = Files.getPosixFilePermissions(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(file, bytes);               // in place: the tree's hard link and the blob are one file
        Files.setPosixFilePermissions(file, mode);
    }

    @Test
    void aModelFileEditedInTheStoreIsRefusedAtStartNamingModelArtifactAndWhatToDo() throws Exception {
        try (Workspace ws = Workspace.open(home)) {
            Training.Trained t = train(ws, "champion", 3);
            long size = Files.size(t.modelDir().resolve("xgboost.json"));
            editLeaf(t.modelDir());
            assertThat(Files.size(t.modelDir().resolve("xgboost.json"))).isEqualTo(size);

            assertThatThrownBy(() -> ModelServer.start(ServeOptions.defaults().withPort(0), ws.metadata().models(), ws.store(),
                    List.of(ModelRef.parse("churn"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot serve churn@champion: the files of churn@1 (artifact " + t.version().artifactId()
                            + ") in the store are not the ones registered: a file was changed, added or removed since, so"
                            + " it is not loaded. Retrain it (re-run the pipeline that registered it, with --no-cache), or"
                            + " serve another version: sluice promote churn VERSION --alias champion");
        }
    }

    @Test
    void aHotSwapToAnEditedVersionKeepsServingTheOldOneUntilTheFilesAreRight() throws Exception {
        try (Workspace ws = Workspace.open(home)) {
            train(ws, "champion", 3);
            Training.Trained second = train(ws, "challenger", 2);      // other trees: no file shared with version 1
            byte[] original = editLeaf(second.modelDir());
            try (ModelServer server = ModelServer.start(ServeOptions.defaults().withPort(0).withPoll(java.time.Duration.ofHours(1)),
                    ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn")))) {
                Http http = new Http(server.port());
                ws.metadata().models().alias("churn", 2, "champion");
                assertThat(server.refresh()).isZero();
                assertThat(server.versions()).containsEntry(ModelRef.parse("churn@champion"), 1);
                assertThat(http.post("/v1/models/churn/predict", ModelServerTest.ROW).json().get("version").asInt()).isEqualTo(1);
                assertThat(http.get("/v1/models/churn").json().get("artifact").asText())
                        .isNotEqualTo(second.version().artifactId());
                assertThat(http.get("/metrics").body()).contains("sluice_serve_model_load_failures_total{model=\"churn\"} 1");

                write(second.modelDir().resolve("xgboost.json"), original);
                assertThat(server.refresh()).isEqualTo(1);
                assertThat(http.post("/v1/models/churn/predict", ModelServerTest.ROW).json().get("version").asInt()).isEqualTo(2);
            }
        }
    }

    @Test
    void aMissingModelFileSaysWhichVersionAndArtifactAndWhatToDo() throws Exception {
        try (Workspace ws = Workspace.open(home)) {
            Training.Trained t = train(ws, "champion", 3);
            ModelVersion v = t.version();
            Path blob = home.resolve("store/blobs").resolve(ContentDigest.of(t.modelDir().resolve("xgboost.json")).hex().substring(0, 2))
                    .resolve(ContentDigest.of(t.modelDir().resolve("xgboost.json")).hex());
            assertThat(blob).isRegularFile();
            Files.delete(blob);
            dev.sluice.store.Digest tree = Digest.parse(v.artifactId());
            Path treeDir = home.resolve("store/trees").resolve(tree.hex());
            try (var files = Files.walk(treeDir)) {
                for (Path p : files.toList()) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            try (var files = Files.walk(treeDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }

            assertThatThrownBy(() -> ModelServer.start(ServeOptions.defaults().withPort(0), ws.metadata().models(), ws.store(),
                    List.of(ModelRef.parse("churn"))))
                    .isInstanceOf(IllegalStateException.class)
                    .message().startsWith("cannot serve churn@champion: churn@1 (artifact " + v.artifactId() + ") cannot be read"
                            + " from the store: ")
                    .contains("xgboost.json", "is missing from the store")
                    .endsWith(". Retrain it (re-run the pipeline that registered it, with --no-cache), or serve another"
                            + " version: sluice promote churn VERSION --alias champion");
        }
    }
}
