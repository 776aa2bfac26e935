package dev.sluice.server.audit;

import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only audit log of state-changing calls ({@code server_audit}): who, what, target, when, outcome. Rows
 * are only ever inserted; the database refuses updates and deletes (triggers), so nothing in the server can rewrite
 * history. Thread-safe.
 */
public final class AuditLog {
    private static final int MAX_TEXT = 2000;
    private final MetadataSql sql;

    public AuditLog(MetadataSql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /** Which entries to list: newest first, older than {@code before} (an entry id) when given. */
    public record Query(int limit, Optional<Long> before, Optional<String> actor, Optional<String> action) {}

    /** Appends one entry (its id and time are assigned here). */
    public void append(String actor, String action, String target, String outcome, int status, String detail) {
        long now = System.currentTimeMillis();
        sql.write(c -> Sql.update(c, "INSERT INTO server_audit (at, actor, action, target, outcome, status, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", now, cut(actor), cut(action), cut(target), outcome, status, cut(detail)));
    }

    /** Entries newest first. */
    public List<AuditEntry> list(Query q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.before().ifPresent(b -> {
            where.append(" AND id < ?");
            args.add(b);
        });
        q.actor().ifPresent(a -> {
            where.append(" AND actor = ?");
            args.add(a);
        });
        q.action().ifPresent(a -> {
            where.append(" AND action = ?");
            args.add(a);
        });
        args.add(q.limit());
        return sql.read(c -> Sql.list(c, "SELECT id, at, actor, action, target, outcome, status, detail FROM server_audit"
                + where + " ORDER BY id DESC LIMIT ?", AuditLog::entry, args.toArray()));
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8));
    }

    private static String cut(String s) {
        if (s == null) return "";
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
