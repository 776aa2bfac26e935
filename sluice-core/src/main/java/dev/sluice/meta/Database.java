package dev.sluice.meta;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * Where the metadata lives and how to connect to it. Thread-safe (immutable); every call to
 * {@link #connect} opens a new connection that the caller closes.
 *
 * <p>SQLite runs in WAL mode (readers never block the writer, and two processes can share the file),
 * with {@code busy_timeout} so a connection waits for another's short transaction instead of failing,
 * and {@code synchronous=FULL}: the commit that ends a group of records is fsynced, so
 * {@link MetadataWriter#flush()} means durable even after a power cut, not only after a crash of the
 * process. Group commit makes that affordable (one fsync per batch, not per record).
 */
final class Database {
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final Dialect dialect;
    private final String url;
    private final Properties credentials;
    private final String description;

    private Database(Dialect dialect, String url, Properties credentials, String description) {
        this.dialect = dialect;
        this.url = url;
        this.credentials = credentials;
        this.description = description;
    }

    static Database sqlite(Path file) {
        return new Database(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), new Properties(),
                file.toAbsolutePath().toString());
    }

    static Database postgres(String url, Optional<String> user, Optional<String> password) {
        Properties credentials = new Properties();
        user.ifPresent(u -> credentials.setProperty("user", u));
        password.ifPresent(p -> credentials.setProperty("password", p));
        return new Database(Dialect.POSTGRES, url, credentials, withoutPassword(url));
    }

    Dialect dialect() { return dialect; }

    /** The database for messages: a file path, or the JDBC URL with any password masked. */
    String description() { return description; }

    /**
     * Opens a connection. Readers get manual-commit mode (one snapshot per read). The writer uses
     * {@link #begin}, {@link #commit} and {@link #rollback}: on SQLite they are explicit
     * {@code BEGIN IMMEDIATE} / {@code COMMIT} statements on an auto-commit connection, because the
     * driver's manual-commit mode opens the next transaction right after each commit, and an
     * IMMEDIATE one would then hold the write lock while idle; taking the lock up front (honouring
     * busy_timeout) avoids failing when a transaction's read turns into a write.
     */
    Connection connect(boolean forWriting) throws SQLException {
        Connection connection = switch (dialect) {
            // the driver directly: DriverManager would first load every JDBC driver on the class path (DuckDB's
            // registers JFR event types on load, ~0.1 s of every CLI start)
            case SQLITE -> {
                SqliteNativeLibrary.prepare();
                yield org.sqlite.JDBC.createConnection(url, sqliteConfig().toProperties());
            }
            case POSTGRES -> DriverManager.getConnection(url, credentials);
        };
        connection.setAutoCommit(forWriting && dialect == Dialect.SQLITE);
        return connection;
    }

    /** Starts a write transaction on a connection from {@code connect(true)}. */
    void begin(Connection writer) throws SQLException {
        if (dialect == Dialect.SQLITE) execute(writer, "BEGIN IMMEDIATE");
    }

    void commit(Connection writer) throws SQLException {
        if (dialect == Dialect.SQLITE) execute(writer, "COMMIT");
        else writer.commit();
    }

    /** Ends a failed write transaction; quiet when none is open. */
    void rollback(Connection writer) throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            writer.rollback();
        } else {
            try {
                execute(writer, "ROLLBACK");
            } catch (SQLException e) {
                // "no transaction is active": SQLite already rolled back (it does on some errors)
                if (!String.valueOf(e.getMessage()).contains("no transaction is active")) throw e;
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Read connections kept open between reads: opening one costs more than most queries. */
    private final java.util.concurrent.ArrayBlockingQueue<Connection> idle = new java.util.concurrent.ArrayBlockingQueue<>(4);

    private static SQLiteConfig sqliteConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // nothing reads generated keys; with them on, the driver runs a regex and prepares, steps and finalizes a
        // "SELECT last_insert_rowid()" after every INSERT (a third of the writer's statements)
        config.setGetGeneratedKeys(false);
        return config;
    }

    /** Work on a read connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs reads on a fresh connection in one transaction (one consistent snapshot), then closes it.
     * Failures become a {@link MetadataException} that names the database.
     */
    <T> T read(Read<T> work) {
        Connection connection = idle.poll();
        try {
            if (connection == null) connection = connect(false);
            T result = work.run(connection);
            connection.rollback();
            if (!idle.offer(connection)) connection.close();
            return result;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new MetadataException("Reading the metadata database " + description + " failed: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Closes the idle read connections. */
    void closeReaders() {
        for (Connection c; (c = idle.poll()) != null; ) closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            // already broken
        }
    }

    static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
