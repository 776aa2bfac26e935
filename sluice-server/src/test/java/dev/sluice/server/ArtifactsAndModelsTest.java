package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Artifacts (download, lineage), models (promote, rollback), step logs and pipeline versions, over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactsAndModelsTest {
    ServerFixture f;
    String modelRun;
    String modelArtifact;

    @BeforeAll
    void start(@TempDir Path tmp) {
        f = new ServerFixture(tmp);
        modelRun = f.submit("tiny-model", Map.of());
        f.api.eventsToEnd(modelRun, f.admin);
        JsonNode steps = f.api.get("/api/v1/runs/" + modelRun + "/steps", f.admin).json().path("steps");
        for (JsonNode s : steps) {
            if (s.path("name").asText().equals("train")) modelArtifact = s.path("outputs").get(0).path("artifact").asText();
        }
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void downloadsAFolderArtifactAsAZipAndOneOfItsFilesWithItsMediaType() throws IOException {
        JsonNode meta = f.api.get("/api/v1/artifacts/" + modelArtifact, f.admin).json();
        assertThat(meta.path("kind").asText()).isEqualTo("model");
        assertThat(meta.path("produced_by").get(0).asText()).isEqualTo(modelRun + "/train#1");
        HttpResponse<byte[]> zip = f.api.bytes("/api/v1/artifacts/" + modelArtifact + "/content", f.admin);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).contains("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow()).matches("attachment; filename=\"[0-9a-f]{12}\\.zip\"");
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) names.add(e.getName());
        }
        assertThat(names).containsExactly("model.json", "notes.txt");
        HttpResponse<byte[]> json = f.api.bytes("/api/v1/artifacts/" + modelArtifact + "/content?path=model.json", f.admin);
        assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"model.json\"");
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).contains("\"weights\"");
    }

    @Test
    void neverServesAPathOutsideTheArtifact() throws IOException {
        Files.writeString(f.home.resolve("secret.txt"), "not for you");
        for (String path : List.of("../../../secret.txt", "/etc/passwd", "..", "notes.txt/../../x", "%2e%2e/%2e%2e/secret.txt")) {
            Api.Reply r = f.api.get("/api/v1/artifacts/" + modelArtifact + "/content?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8), f.admin);
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.text()).doesNotContain("not for you").doesNotContain("root:");
        }
        assertThat(f.api.get("/api/v1/artifacts/..%2F..%2Fsecret.txt/content", f.admin).status()).isIn(400, 404);
    }

    @Test
    void lineageOfTheModelLeadsBackToTheStepThatTrainedIt() {
        JsonNode lineage = f.api.get("/api/v1/artifacts/" + modelArtifact + "/lineage", f.admin).json();
        assertThat(lineage.path("upstream")).extracting(n -> n.path("step").asText()).containsExactly("train");
        assertThat(lineage.path("downstream")).extracting(n -> n.path("step").asText()).contains("register");
    }

    @Test
    void promotesAndRollsBackAModelAsAdmin() {
        String second = f.submit("tiny-model", Map.of());
        f.api.eventsToEnd(second, f.admin);
        JsonNode model = f.api.get("/api/v1/models/tiny", f.admin).json();
        assertThat(model.path("versions")).extracting(v -> v.path("version").asInt()).containsExactly(2, 1);
        Api.Reply promoted = f.api.post("/api/v1/models/tiny/promote", f.admin, Map.of("version", 2, "alias", "champion"));
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.json().path("previous").isNull()).isTrue();
        Api.Reply back = f.api.post("/api/v1/models/tiny/rollback", f.admin, Map.of("alias", "champion"));
        assertThat(back.json().path("version").asInt()).isEqualTo(1);
        assertThat(back.json().path("previous").asInt()).isEqualTo(2);
        assertThat(f.api.get("/api/v1/models/tiny", f.admin).json().path("aliases").path("champion").asInt()).isEqualTo(1);
        Api.Reply none = f.api.post("/api/v1/models/tiny/rollback", f.admin, Map.of("alias", "champion"));
        assertThat(none.status()).isEqualTo(409);
        Api.Reply missing = f.api.post("/api/v1/models/tiny/promote", f.admin, Map.of("version", 9));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asText()).isEqualTo("model 'tiny' has no version 9; it has [2, 1]");
    }

    @Test
    void readsAStepLogByRangeAndFollowsItUntilTheStepEnds() throws IOException {
        Path gate = f.root.resolve("log-gate");
        String id = f.submit("gate", Map.of("gate", gate.toString()));
        f.api.events(id, f.admin, null, e -> e.type().equals("step_started"));
        String log = "/api/v1/runs/" + id + "/steps/wait/log";
        Api.Reply first = waitForLog(log);
        assertThat(first.text()).startsWith("$ python3 " + f.pipelines.resolve("wait.py") + " " + gate + " a\nwaiting for " + gate);
        Api.Reply range = f.api.send("GET", log, f.admin, null, Map.of("Range", "bytes=2-8"));
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.text()).isEqualTo("python3");
        assertThat(range.header("Content-Range")).startsWith("bytes 2-8/");
        Api.Reply offset = f.api.get(log + "?offset=10&limit=4", f.admin);
        assertThat(offset.text()).isEqualTo(first.text().substring(10, 14));
        assertThat(offset.header("X-Log-Next-Offset")).isEqualTo("14");
        Thread opener = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(gate, "open");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Api.Reply followed = f.api.get(log + "?follow=true", f.admin);
        assertThat(followed.text()).contains("waiting for").contains("gate opened");
        assertThat(opener.isAlive()).isFalse();
    }

    private Api.Reply waitForLog(String path) {
        for (int i = 0; i < 200; i++) {
            Api.Reply r = f.api.get(path, f.admin);
            if (r.status() == 200 && r.text().contains("waiting for")) return r;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the step's log never appeared");
    }

    @Test
    void editingAScriptMakesANewVersionAndEachRunRecordsItsOwn() throws IOException {
        String before = f.api.get("/api/v1/pipelines/tiny-model", f.admin).json().path("version").asText();
        Files.writeString(f.pipelines.resolve("train.py"), Files.readString(f.pipelines.resolve("train.py")) + "# edited\n");
        f.server.rescan();
        JsonNode versions = f.api.get("/api/v1/pipelines/tiny-model/versions", f.admin).json().path("versions");
        assertThat(versions).hasSize(2);
        String after = versions.get(0).path("version").asText();
        assertThat(after).isNotEqualTo(before);
        assertThat(versions.get(1).path("version").asText()).isEqualTo(before);
        String id = f.submit("tiny-model", Map.of());
        f.api.eventsToEnd(id, f.admin);
        assertThat(f.api.get("/api/v1/runs/" + id, f.admin).json().path("version").asText()).isEqualTo(after);
        assertThat(f.api.get("/api/v1/runs/" + modelRun, f.admin).json().path("version").asText()).isEqualTo(before);
        Api.Reply old = f.api.post("/api/v1/runs", f.admin, Map.of("pipeline", "tiny-model", "version", before));
        String oldRun = old.json().path("run_id").asText();
        JsonNode end = f.api.eventsToEnd(oldRun, f.admin).getLast().data();
        assertThat(end.path("status").asText()).isEqualTo("failed");
        assertThat(end.path("error").asText()).contains("names files that changed on disk since it was registered (train.py)");
    }

    @Test
    void listsTheDriftReportsThatWereStoredAsArtifacts() throws IOException {
        Files.writeString(f.pipelines.resolve("drift.py"), "import json\njson.dump({'format': 'sluice-drift/1', 'status': 'drift',"
                + " 'model': 'tiny', 'version': 1, 'summary': {'drift': 2}}, open('outputs/report/report.json', 'w'))\n");
        Files.writeString(f.pipelines.resolve("drift.yaml"), "pipeline: drift-check\nsteps:\n"
                + "  check: {run: [python3, drift.py], outputs: {report: metrics}}\n");
        String id = f.submit("drift-check", Map.of());
        assertThat(f.api.eventsToEnd(id, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
        JsonNode reports = f.api.get("/api/v1/drift-reports?model=tiny", f.admin).json().path("reports");
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).path("status").asText()).isEqualTo("drift");
        assertThat(reports.get(0).path("summary").path("drift").asInt()).isEqualTo(2);
        String artifact = reports.get(0).path("artifact").asText();
        assertThat(f.api.get("/api/v1/drift-reports/" + artifact, f.admin).json().path("report").path("model").asText()).isEqualTo("tiny");
        assertThat(f.api.get("/api/v1/drift-reports?model=other", f.admin).json().path("reports")).isEmpty();
        assertThat(f.api.get("/api/v1/drift-reports/" + modelArtifact, f.admin).status()).isEqualTo(404);
    }

    @Test
    void anAdminSubmitsAPipelineInTheRequestBodyAndAnInvalidOneGetsItsProblems() {
        Api.Reply bad = f.api.post("/api/v1/pipelines", f.admin, Map.of("yaml", "pipeline: ci\nsteps:\n  a: {usez: count}\n"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("problems")).extracting(p -> p.path("text").asText())
                .contains("request:3:7: unknown key 'usez' in step 'a'. Did you mean 'uses'?");
        Api.Reply ok = f.api.post("/api/v1/pipelines", f.admin, Map.of("yaml",
                "pipeline: ci\nsteps:\n  a: {uses: concat, with: {text: hello}}\n  b: {uses: count, inputs: {in: a.out}}\n"));
        assertThat(ok.status()).isEqualTo(201);
        String id = f.submit("ci", Map.of());
        assertThat(f.api.eventsToEnd(id, f.admin).getLast().data().path("status").asText()).isEqualTo("succeeded");
        Api.Reply clash = f.api.post("/api/v1/pipelines", f.admin, Map.of("yaml", "pipeline: chain\nsteps:\n  a: {uses: concat}\n"));
        assertThat(clash.status()).isEqualTo(409);
    }
}
