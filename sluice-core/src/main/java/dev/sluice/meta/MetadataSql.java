package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain SQL on the metadata database, for a module that keeps tables of its own beside Sluice's (the server's run
 * queue, pipeline versions, tokens and audit log) and needs them in the same transactions as Sluice's rows. Obtain it
 * from {@link MetadataStore#sql()}; bring the module's tables up to date once with {@link #migrate}.
 *
 * <pre>{@code
 * MetadataSql sql = store.sql();
 * sql.migrate(MyModule.class, "/org/example/migrations/", "example_schema_version");
 * int n = sql.read(c -> { try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM t")) {
 *     rs.next(); return rs.getInt(1); } });
 * }</pre>
 *
 * <p>Thread-safe. Reads see committed data; {@link #write} runs on connections of its own, not on the
 * {@link MetadataWriter}'s, so flush the writer first when a write must follow records it holds.
 */
public interface MetadataSql {

    /** Work on a connection; any statement it opens it closes. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** True on PostgreSQL (row locks, {@code FOR UPDATE SKIP LOCKED}), false on SQLite (one writer at a time). */
    boolean isPostgres();

    /** Runs reads in one snapshot. Failures become a {@link MetadataException} naming the database. */
    <T> T read(Work<T> work);

    /**
     * Runs {@code work} in one write transaction and commits it; on SQLite the transaction holds the database's write
     * lock from its start ({@code BEGIN IMMEDIATE}). A transaction that failed only because another connection held
     * the database (SQLite busy, a PostgreSQL deadlock or serialization failure) is run again, so {@code work} must be
     * safe to repeat. Other failures roll back and become a {@link MetadataException}.
     */
    <T> T write(Work<T> work);

    /**
     * Applies the missing migrations of a module's own set: {@code root + "index.txt"} lists scripts
     * {@code NNN_name.sql} under {@code root} (with optional {@code sqlite/} or {@code postgres/} variants), read
     * through {@code owner}'s class loader, and {@code versionTable} records which were applied. Safe when several
     * processes open one database at once. Returns the version now in force.
     */
    int migrate(Class<?> owner, String root, String versionTable);
}
