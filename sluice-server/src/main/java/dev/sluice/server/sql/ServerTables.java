package dev.sluice.server.sql;

import dev.sluice.meta.MetadataSql;
import dev.sluice.meta.RunRetention;

import java.util.List;

/**
 * Brings the server's tables up to date in the workspace's metadata database. They are a migration set of their own
 * ({@code dev/sluice/server/migrations/}, recorded in {@code server_schema_version}): the core's numbering goes on
 * independently, and a workspace that never ran the server has none of them. Stateless.
 */
public final class ServerTables {
    /** Where the scripts are, on the class path. */
    static final String ROOT = "/dev/sluice/server/migrations/";
    /** The table recording which of them were applied. */
    static final String VERSION_TABLE = "server_schema_version";

    /**
     * The server's tables whose rows belong to one run: deleted with the run by retention ({@code sluice gc --runs},
     * the server's sweep). The audit log is not among them: it is never pruned.
     */
    public static final List<RunRetention.DependentTable> RUN_ROWS = List.of(
            new RunRetention.DependentTable("server_run_events", "run_id"),
            new RunRetention.DependentTable("server_queue", "run_id"));

    private ServerTables() {}

    /** Applies the missing migrations (safe when several servers start at once); returns the version in force. */
    public static int migrate(MetadataSql sql) {
        return sql.migrate(ServerTables.class, ROOT, VERSION_TABLE);
    }
}
