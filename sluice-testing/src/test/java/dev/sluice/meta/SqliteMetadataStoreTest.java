package dev.sluice.meta;

import dev.sluice.testing.MetadataStoreContract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata contract on SQLite, plus what only SQLite has: the file under the home and its pragmas. */
class SqliteMetadataStoreTest extends MetadataStoreContract {
    @TempDir
    Path home;

    private Database database;

    @Override
    protected void createEmptyDatabase() {
        database = Database.sqlite(home.resolve(MetadataStores.SQLITE_FILE));
    }

    @Override
    protected MetadataStore newStore() throws Exception {
        return JdbcMetadataStore.open(database);
    }

    @Test
    void opensSqliteUnderTheHomeByDefaultInWalModeWithFullSync() throws Exception {
        Path nested = home.resolve("project/.sluice");
        try (MetadataStore store = MetadataStores.open(nested, Optional.empty())) {
            assertThat(store.describe()).isEqualTo(nested.resolve("sluice.db").toAbsolutePath().toString());
        }
        assertThat(nested.resolve("sluice.db")).isRegularFile();
        Database opened = Database.sqlite(nested.resolve("sluice.db"));
        try (Connection c = opened.connect(false); Statement s = c.createStatement()) {
            assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(s, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(s, "busy_timeout")).isEqualTo(String.valueOf(Database.BUSY_TIMEOUT_MILLIS));
            assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
        }
    }

    @Test
    void aSqliteUrlInSluiceDbPointsAtAnotherFile() {
        Path other = home.resolve("elsewhere.db");
        try (MetadataStore store = MetadataStores.open(home, Optional.of("jdbc:sqlite:" + other))) {
            assertThat(store.describe()).isEqualTo(other.toAbsolutePath().toString());
        }
        assertThat(Files.exists(other)).isTrue();
    }

    private static String pragma(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
