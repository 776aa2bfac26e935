package dev.sluice.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a database's schema up to date: the {@code schema_version} table lists applied migrations;
 * the missing ones from {@code migrations/index.txt} are applied in order, all in one transaction
 * that holds the migration lock, so two processes opening a new database at once apply each script
 * exactly once. Not thread-safe; used once per store opening.
 */
final class Migrations {
    private static final String ROOT = "/dev/sluice/meta/migrations/";

    /** One numbered script, e.g. version 1 from {@code 001_initial.sql}. */
    record Migration(int version, String name, String sql) {}

    private Migrations() {}

    /**
     * Applies what is missing and returns the schema version now in force. A database that is already up to date is
     * only read: the migration lock (SQLite's write lock) is taken only when a script is missing, so opening a workspace
     * never waits for another process's writes (with many runs at once, waiting for the write lock on every open ran out
     * of the busy timeout).
     */
    static int migrate(Connection connection, Database database) throws SQLException {
        return migrate(connection, database, Migrations.class, ROOT, "schema_version");
    }

    /**
     * Applies what is missing of one migration set: {@code index.txt} and its scripts under {@code root} (a resource
     * folder read through {@code owner}'s class loader), recorded in {@code versionTable}. Sluice's own tables use
     * {@code schema_version}; a module with tables of its own (the server) keeps its own set and table, so the two
     * numberings never collide.
     */
    static int migrate(Connection connection, Database database, Class<?> owner, String root, String versionTable)
            throws SQLException {
        Dialect dialect = database.dialect();
        List<Migration> shipped = load(owner, root, dialect);
        int newest = shipped.isEmpty() ? 0 : shipped.getLast().version();
        int applied = appliedWithoutLock(connection, database, versionTable);
        if (applied >= newest) return applied;
        try {
            database.begin(connection);
            dialect.lockForMigration(connection);
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            int current = currentVersion(connection, versionTable);
            int latest = current;
            for (Migration m : shipped) {
                if (m.version() > current) {
                    apply(connection, m, versionTable);
                    latest = m.version();
                }
            }
            database.commit(connection);
            return latest;
        } catch (SQLException | RuntimeException e) {
            database.rollback(connection);
            throw e;
        }
    }

    /** The newest applied migration, read without any lock; 0 when the database has no schema yet. */
    private static int appliedWithoutLock(Connection connection, Database database, String versionTable) throws SQLException {
        try {
            return currentVersion(connection, versionTable);
        } catch (SQLException e) {
            return 0; // no schema_version table yet: the locked path creates it
        } finally {
            if (!connection.getAutoCommit()) database.rollback(connection); // end the read (PostgreSQL after an error too)
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        return currentVersion(connection, "schema_version");
    }

    private static int currentVersion(Connection connection, String versionTable) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + versionTable)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection connection, Migration m, String versionTable) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : statements(m.sql())) {
                s.execute(statement);
            }
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO " + versionTable + " (version, name, applied_at) VALUES (?, ?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.name());
            p.setLong(3, System.currentTimeMillis());
            p.executeUpdate();
        }
    }

    /** The migrations shipped with this version, in order, each in the dialect's variant if it has one. */
    static List<Migration> load(Dialect dialect) {
        return load(Migrations.class, ROOT, dialect);
    }

    private static List<Migration> load(Class<?> owner, String root, Dialect dialect) {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(owner, root + "index.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            int version = Integer.parseInt(name.substring(0, name.indexOf('_')));
            String variant = root + dialect.folder() + "/" + name;
            String sql = owner.getResource(variant) != null ? read(owner, variant) : read(owner, root + name);
            migrations.add(new Migration(version, name, sql));
        }
        return migrations;
    }

    /** Splits a script at semicolons that end a line, dropping {@code --} comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
            if (code.isBlank()) continue;
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                statements.add(current.substring(0, current.lastIndexOf(";")).strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty() && !current.toString().isBlank()) statements.add(current.toString().strip());
        return statements;
    }

    private static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("migration resource missing from the jar: " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration resource " + resource, e);
        }
    }
}
