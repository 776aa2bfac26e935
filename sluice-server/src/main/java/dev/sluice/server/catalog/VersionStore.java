package dev.sluice.server.catalog;

import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline versions in the database: {@code server_pipeline_versions} (every version's text and file digests),
 * {@code server_pipelines} (each name's latest version and the queue's fairness clock) and, for each version's text,
 * Sluice's own {@code pipelines} row (which runs refer to). Thread-safe.
 */
final class VersionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "SELECT name, digest, pipeline_id, source, base_dir, yaml, files_json, registered_at"
            + " FROM server_pipeline_versions";

    private final MetadataSql sql;

    VersionStore(MetadataSql sql) {
        this.sql = sql;
    }

    /**
     * Records a version (once) and makes it its name's latest; returns true when the version was new.
     */
    boolean register(PipelineVersion v) {
        return sql.write(c -> {
            long now = System.currentTimeMillis();
            Sql.update(c, "INSERT INTO pipelines (id, name, definition, first_seen) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO NOTHING", v.pipelineId(), v.name(), v.yaml(), now);
            int added = Sql.update(c, "INSERT INTO server_pipeline_versions (name, digest, pipeline_id, source, base_dir, yaml,"
                    + " files_json, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, digest) DO NOTHING",
                    v.name(), v.digest(), v.pipelineId(), v.source(), v.baseDir().toString(), v.yaml(), json(v.files()),
                    v.registered().toEpochMilli());
            Sql.update(c, "INSERT INTO server_pipelines (name, latest, updated_at, last_claim) VALUES (?, ?, ?, 0)"
                    + " ON CONFLICT (name) DO UPDATE SET latest = excluded.latest, updated_at = excluded.updated_at"
                    + " WHERE server_pipelines.latest <> excluded.latest", v.name(), v.digest(), now);
            return added > 0;
        });
    }

    /** The latest version of every registered pipeline, by name. */
    List<PipelineVersion> latest() {
        return sql.read(c -> Sql.list(c, "SELECT v.name, v.digest, v.pipeline_id, v.source, v.base_dir, v.yaml, v.files_json,"
                + " v.registered_at FROM server_pipeline_versions v"
                + " JOIN server_pipelines p ON p.name = v.name AND p.latest = v.digest ORDER BY v.name", VersionStore::version));
    }

    /** Every version of a pipeline, newest first. */
    List<PipelineVersion> versions(String name) {
        return sql.read(c -> Sql.list(c, COLUMNS + " WHERE name = ? ORDER BY registered_at DESC, digest", VersionStore::version, name));
    }

    /** A version by digest (or a unique prefix of its hex digits), or the latest when {@code digest} is {@code latest}. */
    Optional<PipelineVersion> version(String name, String digest) {
        return sql.read(c -> find(c, name, digest));
    }

    private static Optional<PipelineVersion> find(Connection c, String name, String digest) throws SQLException {
        if (digest.equals("latest")) {
            Optional<String> latest = Sql.first(c, "SELECT latest FROM server_pipelines WHERE name = ?", rs -> rs.getString(1), name);
            if (latest.isEmpty()) return Optional.empty();
            digest = latest.get();
        }
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        if (!hex.matches("[0-9a-f]{4,64}")) return Optional.empty();
        String full = "sha256:" + hex;
        Optional<PipelineVersion> exact = Sql.first(c, COLUMNS + " WHERE name = ? AND digest = ?", VersionStore::version, name, full);
        if (exact.isPresent() || full.length() >= 71) return exact;
        List<PipelineVersion> matches = Sql.list(c, COLUMNS + " WHERE name = ? AND digest LIKE ? ORDER BY digest LIMIT 2",
                VersionStore::version, name, full + "%");
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    private static PipelineVersion version(ResultSet rs) throws SQLException {
        String source = rs.getString(4);
        Optional<Path> file = source.startsWith("api:") ? Optional.empty() : Optional.of(Path.of(source));
        return new PipelineVersion(rs.getString(1), rs.getString(2), rs.getString(3), source, file, Path.of(rs.getString(5)),
                rs.getString(6), files(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8)));
    }

    private static String json(Map<String, String> files) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> files(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }
}
