package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.OutputRow;
import dev.sluice.store.Digest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Artifacts: list, metadata, lineage, and download. A download is always an attachment with the artifact's media
 * type (a folder as a zip, or one file of it with {@code ?path=}); only content of the artifact store is served, and a
 * {@code path} must stay inside its folder. Thread-safe.
 */
record ArtifactRoutes(ServerContext ctx) {
    private static final Map<String, String> EXTENSIONS = Map.of("text/csv", ".csv", "application/vnd.apache.parquet", ".parquet",
            "application/json", ".json", "text/plain", ".txt");

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/artifacts", Access.VIEWER, this::list),
                Route.get("/api/v1/artifacts/{id}", Access.VIEWER, this::get),
                Route.get("/api/v1/artifacts/{id}/content", Access.VIEWER, this::content),
                Route.get("/api/v1/artifacts/{id}/lineage", Access.VIEWER, this::lineage));
    }

    private Answer list(Call call) {
        int limit = call.queryInt("limit", 50, 1, 1000);
        Optional<String> kind = call.query("kind");
        ObjectNode body = Call.JSON.createObjectNode();
        ArrayNode out = body.putArray("artifacts");
        for (ArtifactRow a : ctx.workspace().metadata().queries().artifacts(limit)) {
            if (kind.isEmpty() || kind.get().equals(a.kind())) out.add(RowJson.artifact(a));
        }
        return Answer.ok(body);
    }

    private ArtifactRow find(String id) {
        return ctx.workspace().metadata().queries().artifact(id)
                .orElseThrow(() -> ApiError.notFound("no artifact '" + id + "'; list them with GET /api/v1/artifacts"));
    }

    private Answer get(Call call) {
        ArtifactRow a = find(call.path("id"));
        ObjectNode n = RowJson.artifact(a);
        ArrayNode producers = n.putArray("produced_by");
        for (Lineage.Node node : ctx.workspace().metadata().lineage().upstream(a.id()).nodes()) {
            if (node.depth() == 1) producers.add(node.stepRun().id());
        }
        n.put("content", "/api/v1/artifacts/" + a.id() + "/content");
        return Answer.ok(n);
    }

    private Answer lineage(Call call) {
        ArtifactRow a = find(call.path("id"));
        ObjectNode body = Call.JSON.createObjectNode().put("artifact", a.id());
        body.set("upstream", nodes(ctx.workspace().metadata().lineage().upstream(a.id())));
        body.set("downstream", nodes(ctx.workspace().metadata().lineage().downstream(a.id())));
        return Answer.ok(body);
    }

    private static ArrayNode nodes(Lineage lineage) {
        ArrayNode out = Call.JSON.createArrayNode();
        for (Lineage.Node node : lineage.nodes()) {
            ObjectNode n = out.addObject().put("depth", node.depth()).put("step_run_id", node.stepRun().id())
                    .put("run_id", node.stepRun().runId()).put("step", node.stepRun().step())
                    .put("status", node.stepRun().state().label());
            ObjectNode params = n.putObject("params");
            new java.util.TreeMap<>(node.stepRun().params()).forEach((k, v) -> params.set(k, RowJson.parse(v)));
            ArrayNode inputs = n.putArray("inputs");
            for (OutputRow in : node.inputs()) inputs.addObject().put("port", in.port()).put("artifact", in.artifactId());
            ArrayNode outputs = n.putArray("outputs");
            for (OutputRow o : node.stepRun().outputs()) outputs.addObject().put("port", o.port()).put("artifact", o.artifactId());
        }
        return out;
    }

    private Answer content(Call call) {
        ArtifactRow a = find(call.path("id"));
        Path stored = ctx.workspace().store().path(Digest.parse(a.id()))
                .orElseThrow(() -> new ApiError(410, "gone", "artifact " + a.id() + " is recorded but its content is no longer"
                        + " in the store (collected by sluice gc --delete?)"));
        String shortId = Digest.parse(a.id()).shortForm();
        Optional<String> inner = call.query("path");
        if (Files.isDirectory(stored) && inner.isPresent()) {
            Path f = inside(stored, inner.get());
            return file(f, f.getFileName().toString(), guess(f));
        }
        if (Files.isDirectory(stored)) {
            return new Answer.Stream(200, download("application/zip", shortId + ".zip"), out -> zip(stored, out));
        }
        if (inner.isPresent()) throw ApiError.badRequest("artifact " + shortId + " is one file; ?path= picks a file of a folder artifact");
        return file(stored, shortId + EXTENSIONS.getOrDefault(a.mediaType(), ""), a.mediaType());
    }

    private static Answer file(Path file, String name, String mediaType) {
        Map<String, String> headers = download(mediaType, name);
        try {
            headers.put("Content-Length", Long.toString(Files.size(file)));
        } catch (IOException e) {
            throw new ApiError(410, "gone", "the artifact's file cannot be read: " + e.getMessage());
        }
        return new Answer.Stream(200, headers, out -> Files.copy(file, out));
    }

    /** A file of a stored folder, refusing any path that leaves it (.., absolute paths, links pointing out). */
    private static Path inside(Path folder, String relative) {
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (RuntimeException e) {
            throw ApiError.badRequest("path '" + relative + "' is not a path inside the artifact");
        }
        Path target = folder.resolve(rel).normalize();
        try {
            if (rel.isAbsolute() || !target.startsWith(folder) || !Files.isRegularFile(target)
                    || !target.toRealPath().startsWith(folder.toRealPath())) {
                throw ApiError.notFound("the artifact has no file '" + relative + "'");
            }
        } catch (IOException e) {
            throw ApiError.notFound("the artifact has no file '" + relative + "'");
        }
        return target;
    }

    private static Map<String, String> download(String mediaType, String filename) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", mediaType.matches("[a-z]+/[a-z0-9.+-]+") ? mediaType : "application/octet-stream");
        String safe = filename.replaceAll("[^A-Za-z0-9._-]", "_");
        h.put("Content-Disposition", "attachment; filename=\"" + safe + "\"");
        h.put("Content-Security-Policy", "sandbox");
        return h;
    }

    private static String guess(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot).toLowerCase(java.util.Locale.ROOT);
        return EXTENSIONS.entrySet().stream().filter(e -> e.getValue().equals(ext)).map(Map.Entry::getKey).findFirst()
                .orElse("application/octet-stream");
    }

    private static void zip(Path folder, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }
}
