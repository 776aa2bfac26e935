package dev.sluice.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ModelNames;
import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link ModelRegistry} in the metadata database. Registering and moving aliases are small transactions
 * of their own (not group-committed: the caller needs the version number at once). Thread-safe.
 */
record JdbcModelRegistry(Database database, MetadataWriter writer) implements ModelRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 5;

    @Override
    public ModelVersion register(String name, String artifactId, Optional<String> stepRunId, List<String> aliases) {
        ModelNames.requireName(name);
        aliases.forEach(ModelNames::requireAlias);
        writer.flush(); // the artifact and its producer's metrics must be committed before they are referenced
        int version = write(c -> {
            int next = nextVersion(c, name);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (name, version, artifact_id,"
                    + " step_run_id, run_id, created_at, metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setInt(2, next);
                ps.setString(3, artifactId);
                ps.setString(4, stepRunId.orElse(null));
                ps.setString(5, stepRunId.map(JdbcModelRegistry::runOf).orElse(null));
                ps.setLong(6, Instant.now().toEpochMilli());
                ps.setString(7, json(producerMetrics(c, artifactId)));
                ps.executeUpdate();
            }
            for (String alias : aliases) setAlias(c, name, next, alias);
            return next;
        });
        return find(name, version).orElseThrow();
    }

    @Override
    public ModelVersion alias(String name, int version, String alias) {
        ModelNames.requireName(name);
        ModelNames.requireAlias(alias);
        if (find(name, version).isEmpty()) {
            throw new MetadataException("model " + name + " has no version " + version + "; list its versions with: sluice models "
                    + name);
        }
        write(c -> {
            setAlias(c, name, version, alias);
            return 0;
        });
        return find(name, version).orElseThrow();
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return query("WHERE v.name = ? ORDER BY v.version DESC", name);
    }

    @Override
    public List<ModelVersion> latest() {
        return query("WHERE v.version = (SELECT MAX(w.version) FROM model_versions w WHERE w.name = v.name) ORDER BY v.name");
    }

    @Override
    public Optional<ModelVersion> resolve(String reference) {
        int at = reference.indexOf('@');
        String name = at < 0 ? reference : reference.substring(0, at);
        if (at < 0) return versions(name).stream().findFirst();
        String which = reference.substring(at + 1);
        if (which.chars().allMatch(Character::isDigit) && !which.isEmpty()) return find(name, Integer.parseInt(which));
        return query("WHERE v.name = ? AND v.version = (SELECT a.version FROM model_aliases a WHERE a.name = ? AND a.alias = ?)",
                name, name, which).stream().findFirst();
    }

    private Optional<ModelVersion> find(String name, int version) {
        return query("WHERE v.name = ? AND v.version = ?", name, version).stream().findFirst();
    }

    private List<ModelVersion> query(String where, Object... args) {
        return database.read(c -> {
            List<ModelVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.name, v.version, v.artifact_id, v.run_id, v.step_run_id,"
                    + " v.created_at, v.metrics_json FROM model_versions v " + where)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        int version = rs.getInt(2);
                        out.add(new ModelVersion(name, version, rs.getString(3), Optional.ofNullable(rs.getString(4)),
                                Optional.ofNullable(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)),
                                metrics(rs.getString(7)), aliases(c, name, version)));
                    }
                }
            }
            return out;
        });
    }

    private static List<String> aliases(Connection c, String name, int version) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT alias FROM model_aliases WHERE name = ? AND version = ? ORDER BY alias")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int nextVersion(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void setAlias(Connection c, String name, int version, String alias) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM model_aliases WHERE name = ? AND alias = ?")) {
            del.setString(1, name);
            del.setString(2, alias);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO model_aliases (name, alias, version, updated_at) VALUES (?, ?, ?, ?)")) {
            ins.setString(1, name);
            ins.setString(2, alias);
            ins.setInt(3, version);
            ins.setLong(4, Instant.now().toEpochMilli());
            ins.executeUpdate();
        }
    }

    /** The plain-named metrics of the newest step run that produced the artifact (not a cache hit). */
    private static Map<String, Double> producerMetrics(Connection c, String artifactId) throws SQLException {
        Map<String, Double> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT m.name, m.value FROM metrics m WHERE m.step_run_id = ("
                + " SELECT s.id FROM step_outputs o JOIN step_runs s ON s.id = o.step_run_id"
                + " WHERE o.artifact_id = ? AND s.state <> 'cached' ORDER BY s.started_at DESC LIMIT 1)")) {
            ps.setString(1, artifactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String n = rs.getString(1);
                    if (n.indexOf('[') < 0 && n.indexOf('.') < 0 && n.indexOf('#') < 0) out.put(n, rs.getDouble(2));
                }
            }
        }
        return out;
    }

    /** One write transaction on its own connection, tried again when another writer holds the database. */
    private <T> T write(Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try (Connection c = database.connect(true)) {
                database.begin(c);
                try {
                    T result = work.run(c);
                    database.commit(c);
                    return result;
                } catch (SQLException e) {
                    database.rollback(c);
                    throw e;
                }
            } catch (SQLException e) {
                last = e;
                sleep(attempt);
            }
        }
        throw new MetadataException("updating the model registry in " + database.description() + " failed: "
                + (last == null ? "" : last.getMessage()), last);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String runOf(String stepRunId) {
        int slash = stepRunId.indexOf('/');
        return slash < 0 ? null : stepRunId.substring(0, slash);
    }

    private static String json(Map<String, Double> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> metrics(String json) {
        try {
            return new LinkedHashMap<>(JSON.readValue(json, new TypeReference<Map<String, Double>>() { }));
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
