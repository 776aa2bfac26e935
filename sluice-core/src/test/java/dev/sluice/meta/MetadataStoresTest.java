package dev.sluice.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoresTest {
    @TempDir
    Path home;

    @Test
    void anUnreachablePostgresUrlSaysWhichUrlAndHowToChooseAnother() {
        String url = "jdbc:postgresql://127.0.0.1:1/sluice?user=me&password=secret&connectTimeout=2";
        assertThatThrownBy(() -> MetadataStores.open(home, Optional.of(url), Map.of()))
                .isInstanceOf(MetadataException.class)
                .hasMessageStartingWith("Cannot open the metadata database"
                        + " jdbc:postgresql://127.0.0.1:1/sluice?user=me&password=***&connectTimeout=2."
                        + " Check that the server is running and reachable and that the user (in the URL or"
                        + " SLUICE_DB_USER/SLUICE_DB_PASSWORD) may connect; or set SLUICE_DB to another JDBC URL,"
                        + " or unset it to use SQLite at " + home.resolve("sluice.db") + ". Cause: ")
                .message().doesNotContain("secret");
    }

    @Test
    void aUrlForAnotherDatabaseIsRejectedWithWhatToSetInstead() {
        assertThatThrownBy(() -> MetadataStores.open(home, Optional.of("jdbc:mysql://db/x"), Map.of()))
                .isInstanceOf(MetadataException.class)
                .hasMessage("SLUICE_DB is 'jdbc:mysql://db/x', which is not a metadata database Sluice can use."
                        + " Set it to jdbc:postgresql://HOST:PORT/DATABASE, or unset it to use SQLite in the Sluice home.");
    }

    @Test
    void migrationScriptsSplitIntoStatementsWithoutComments() {
        assertThat(Migrations.statements("-- header\nCREATE TABLE a (x TEXT); -- trailing\n\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x TEXT)", "CREATE INDEX i ON a (x)");
        assertThat(Migrations.load(Dialect.POSTGRES)).extracting(Migrations.Migration::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }
    @Test
    void openingAnUpToDateDatabaseDoesNotWaitForAnotherProcessWriting(@TempDir Path home) throws Exception {
        MetadataStores.open(home, Optional.empty()).close();   // creates the schema
        // another process in the middle of a long write: it holds SQLite's write lock
        try (java.sql.Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("sluice.db"));
             java.sql.Statement st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            // found by ConcurrentRunsTest: every open took the migration (write) lock, so with 100 runs at once an
            // open waited out the busy timeout and 'sluice run' failed with "[SQLITE_BUSY] The database file is locked"
            try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
                assertThat(store.queries().runs(10)).isEmpty();
            }
            st.execute("ROLLBACK");
        }
    }
    @Test
    void openingWaitsOutALockLongerThanSqlitesBusyTimeout(@TempDir Path home) throws Exception {
        MetadataStores.open(home, Optional.empty()).close();
        // a connection in exclusive locking mode shuts every other one out until it closes, as SQLite does briefly in
        // WAL recovery and when the last connection checkpoints; ConcurrentRunsTest met such moments with 100 runs at
        // once ("[SQLITE_BUSY] The database file is locked" on open). Held past the 10 s busy timeout, then released.
        java.sql.Connection holder = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("sluice.db"));
        try (java.sql.Statement st = holder.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE");
            st.execute("BEGIN EXCLUSIVE");
            st.execute("COMMIT");
        }
        Thread release = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(Database.BUSY_TIMEOUT_MILLIS + 2_000);
                holder.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
            assertThat(store.queries().runs(10)).isEmpty();
        } finally {
            release.join();
        }
    }
}
