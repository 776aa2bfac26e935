package dev.sluice.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings that make the SQLite database under the home safe to share and to crash in (README, State): WAL, every
 * commit synced to disk, a busy timeout so a second process waits instead of failing, and foreign keys enforced so a
 * step can never be recorded for a run that is not there.
 */
class SqliteSettingsTest {
    @TempDir Path home;

    private static String pragma(MetadataStore store, String name) {
        return store.sql().read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void theDatabaseIsInWalModeSyncsEveryCommitWaitsWhenBusyAndEnforcesForeignKeys() throws Exception {
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            assertThat(pragma(store, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(store, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(store, "busy_timeout")).isEqualTo(String.valueOf(Database.BUSY_TIMEOUT_MILLIS));
            assertThat(pragma(store, "foreign_keys")).isEqualTo("1");
            assertThatThrownBy(() -> store.sql().write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO step_runs (id, run_id, step, base_step, state, attempt, started_at, cache_key_parts_json)"
                            + " VALUES ('s1', 'no-such-run', 'train', 'train', 'running', 1, 0, '{}')");
                }
            })).hasMessageContaining("FOREIGN KEY");
        }
    }
}
