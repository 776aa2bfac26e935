package dev.sluice.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the metadata store: SQLite at {@code <home>/sluice.db} unless a JDBC URL names another
 * database. Only {@code jdbc:postgresql:} and {@code jdbc:sqlite:} URLs are accepted. For PostgreSQL the
 * user and password come from the URL ({@code ?user=...&password=...}) or from the environment
 * variables {@value #USER_ENV} and {@value #PASSWORD_ENV}.
 *
 * <pre>{@code
 * MetadataStore store = MetadataStores.fromEnvironment(home);   // honours SLUICE_DB
 * MetadataStore team  = MetadataStores.open(home, Optional.of("jdbc:postgresql://db:5432/sluice"));
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class MetadataStores {
    /** The environment variable holding a JDBC URL for the metadata database. */
    public static final String URL_ENV = "SLUICE_DB";
    public static final String USER_ENV = "SLUICE_DB_USER";
    public static final String PASSWORD_ENV = "SLUICE_DB_PASSWORD";
    /** The SQLite file under the Sluice home. */
    public static final String SQLITE_FILE = "sluice.db";

    private MetadataStores() {}

    /**
     * The host name this process records in the runs it starts; a run recorded as running on this host is alive
     * while its pid is (see {@link MetadataQueries}). A module that marks runs as running itself (the server's queue)
     * records the same name.
     */
    public static String localHost() {
        return Liveness.localHost();
    }

    /** The store named by {@code SLUICE_DB}, or SQLite under {@code home} when it is unset or blank. */
    public static MetadataStore fromEnvironment(Path home) {
        Map<String, String> env = System.getenv();
        return open(home, Optional.ofNullable(env.get(URL_ENV)).filter(u -> !u.isBlank()), env);
    }

    /** The store at {@code jdbcUrl}, or SQLite under {@code home}; credentials from the process environment. */
    public static MetadataStore open(Path home, Optional<String> jdbcUrl) {
        return open(home, jdbcUrl, System.getenv());
    }

    /** As {@link #open(Path, Optional)}, with credentials taken from {@code env}. */
    public static MetadataStore open(Path home, Optional<String> jdbcUrl, Map<String, String> env) {
        Database database = jdbcUrl.map(url -> fromUrl(url, env)).orElseGet(() -> sqliteUnder(home));
        long deadline = System.nanoTime() + BUSY_PATIENCE_NANOS;
        for (int attempt = 1; ; attempt++) {
            try {
                return JdbcMetadataStore.open(database);
            } catch (SQLException e) {
                if (!busy(e) || System.nanoTime() > deadline) {
                    throw new MetadataException(cannotOpen(database, jdbcUrl.isPresent(), home) + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    /**
     * How long opening a SQLite store keeps trying while the file is busy. SQLite's busy timeout does not cover every
     * lock an open meets (WAL recovery, a checkpoint of the last connection closing, an exclusive lock), and with a
     * hundred runs starting at once in one workspace an open could fail with SQLITE_BUSY.
     */
    static final long BUSY_PATIENCE_NANOS = 120_000_000_000L;

    /** SQLITE_BUSY, with any extended code (BUSY_RECOVERY, BUSY_SNAPSHOT, ...). */
    static boolean busy(SQLException e) {
        return e instanceof org.sqlite.SQLiteException s && (s.getResultCode().code & 0xff) == 5;
    }

    private static void pause(int attempt) {
        long millis = Math.min(2_000, 50L << Math.min(attempt, 6));
        try {
            Thread.sleep(millis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while waiting for the metadata database", e);
        }
    }

    private static Database sqliteUnder(Path home) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new MetadataException("Cannot create the Sluice home " + home + " for the metadata database: "
                    + e + ". Set SLUICE_HOME to a writable folder.", e);
        }
        return Database.sqlite(home.resolve(SQLITE_FILE));
    }

    private static Database fromUrl(String url, Map<String, String> env) {
        if (url.startsWith("jdbc:postgresql:")) {
            return Database.postgres(url, Optional.ofNullable(env.get(USER_ENV)), Optional.ofNullable(env.get(PASSWORD_ENV)));
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return Database.sqlite(Path.of(url.substring("jdbc:sqlite:".length())));
        }
        throw new MetadataException("SLUICE_DB is '" + Database.withoutPassword(url) + "', which is not a metadata"
                + " database Sluice can use. Set it to jdbc:postgresql://HOST:PORT/DATABASE, or unset it to use SQLite"
                + " in the Sluice home.");
    }

    private static String cannotOpen(Database database, boolean fromUrl, Path home) {
        if (!fromUrl) {
            return "Cannot open the metadata database " + database.description()
                    + ". Check that the folder is writable and the file is a Sluice database, or set SLUICE_HOME: ";
        }
        return "Cannot open the metadata database " + database.description() + ". Check that the server is running"
                + " and reachable and that the user (in the URL or " + USER_ENV + "/" + PASSWORD_ENV
                + ") may connect; or set " + URL_ENV + " to another JDBC URL, or unset it to use SQLite at "
                + home.resolve(SQLITE_FILE) + ". Cause: ";
    }
}
