package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The databases the store speaks; the SQL is shared, these are the few places where they differ. */
enum Dialect {
    SQLITE, POSTGRES;

    /** Folder name for per-dialect migration scripts. */
    String folder() { return name().toLowerCase(Locale.ROOT); }

    /**
     * True when a transaction failed only because another connection held the database, so running it
     * again later will work: SQLite's SQLITE_BUSY/SQLITE_LOCKED, PostgreSQL's serialization failure
     * and deadlock.
     */
    boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && isTransientCode(s)) return true;
        }
        return false;
    }

    /**
     * True when a transaction failed because the disk is full (SQLite's SQLITE_FULL, PostgreSQL's disk_full), which
     * may pass when whatever filled it gives its space back.
     */
    boolean isDiskFull(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && switch (this) {
                case SQLITE -> (s.getErrorCode() & 0xff) == 13 || String.valueOf(s.getMessage()).contains("SQLITE_FULL");
                case POSTGRES -> "53100".equals(s.getSQLState());
            }) {
                return true;
            }
        }
        return false;
    }

    private boolean isTransientCode(SQLException s) {
        return switch (this) {
            case SQLITE -> {
                int primary = s.getErrorCode() & 0xff; // extended codes keep the primary code in the low byte
                String message = String.valueOf(s.getMessage());
                yield primary == 5 || primary == 6 || message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
            }
            case POSTGRES -> "40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState());
        };
    }

    /**
     * Makes concurrent migrators take turns inside the current transaction. SQLite's writer connection
     * already begins transactions with {@code BEGIN IMMEDIATE}; PostgreSQL takes a transaction-scoped
     * advisory lock.
     */
    void lockForMigration(Connection connection) throws SQLException {
        if (this == POSTGRES) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(5181126)"); // an arbitrary key owned by Sluice
            }
        }
    }
}
