package dev.sluice.meta;

import dev.sluice.testing.MetadataStoreContract;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The metadata contract on a real PostgreSQL server. By default the server is io.zonky's embedded
 * PostgreSQL (real binaries from a Maven artifact), started once for the class; each test gets a new
 * database in it. Set {@code SLUICE_TEST_PG_URL} (e.g. {@code jdbc:postgresql://localhost:5432/postgres?user=postgres})
 * to use an existing server instead: each test then creates its own database there.
 *
 * <p>Runs as root too (CI does): zonky's PostgreSQL 14 binaries start under uid 0, checked on this
 * machine, so no other user or system PostgreSQL is needed. They are unpacked under
 * {@code java.io.tmpdir/embedded-pg} and use POSIX shared memory ({@code /dev/shm}).
 */
class PostgresMetadataStoreTest extends MetadataStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres embedded;
    private static String adminUrl;

    private Database database;

    @BeforeAll
    static void startServer() throws Exception {
        String external = System.getenv("SLUICE_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            adminUrl = external;
            return;
        }
        embedded = EmbeddedPostgres.builder().start();
        adminUrl = embedded.getJdbcUrl("postgres", "postgres");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (embedded != null) embedded.close();
    }

    @Override
    protected void createEmptyDatabase() throws Exception {
        String name = "sluice_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        Database admin = Database.postgres(adminUrl, Optional.empty(), Optional.empty());
        try (Connection c = admin.connect(false); Statement s = c.createStatement()) {
            c.setAutoCommit(true); // CREATE DATABASE cannot run inside a transaction
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        database = Database.postgres(withDatabase(adminUrl, name), Optional.empty(), Optional.empty());
    }

    /** The same server URL with another database name. */
    static String withDatabase(String url, String name) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?');
        String rest = query < 0 ? "" : url.substring(query);
        return url.substring(0, slash + 1) + name + rest;
    }

    @Override
    protected MetadataStore newStore() throws Exception {
        return JdbcMetadataStore.open(database);
    }
}
