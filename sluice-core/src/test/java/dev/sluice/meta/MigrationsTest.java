package dev.sluice.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a workspace: a module's migration set ({@code MetadataSql.migrate}, as the server's tables use it) applies
 * what is missing, once, in order, in the dialect's variant where there is one, records each script, and keeps the
 * data already there. Test resources: {@code upgrade/v1} (one script) and {@code upgrade/v2} (the same and one more,
 * with a SQLite variant).
 */
class MigrationsTest {
    private static final String V1 = "/dev/sluice/meta/upgrade/v1/";
    private static final String V2 = "/dev/sluice/meta/upgrade/v2/";
    @TempDir Path home;

    private static List<String> rows(MetadataStore store, String query) {
        return store.sql().read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= n; i++) b.append(i == 1 ? "" : " ").append(rs.getString(i));
                    out.add(b.toString());
                }
            }
            return out;
        });
    }

    @Test
    void anUpgradeAppliesOnlyTheMissingScriptsInTheDialectsVariantAndKeepsTheData() throws Exception {
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            assertThat(store.sql().migrate(MigrationsTest.class, V1, "module_version")).isEqualTo(1);
            // opening again applies nothing (the INSERT of 001 would fail on its primary key) and says the same version
            assertThat(store.sql().migrate(MigrationsTest.class, V1, "module_version")).isEqualTo(1);

            assertThat(store.sql().migrate(MigrationsTest.class, V2, "module_version")).isEqualTo(2);
            assertThat(rows(store, "SELECT version, name FROM module_version ORDER BY version"))
                    .containsExactly("1 001_notes.sql", "2 002_tags.sql");
            assertThat(rows(store, "SELECT body FROM notes")).containsExactly("kept across upgrades");
            assertThat(rows(store, "SELECT tag, dialect FROM tags")).containsExactly("first sqlite");
            assertThat(store.sql().migrate(MigrationsTest.class, V2, "module_version")).isEqualTo(2);
        }
        // a later process sees the version without taking the migration lock, and an older release's set is a no-op
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            assertThat(store.sql().migrate(MigrationsTest.class, V2, "module_version")).isEqualTo(2);
            assertThat(store.sql().migrate(MigrationsTest.class, V1, "module_version")).isEqualTo(2);
            assertThat(rows(store, "SELECT count(*) FROM module_version")).containsExactly("2");
        }
    }

    @Test
    void sluicesOwnSchemaIsAtTheNewestShippedVersion() throws Exception {
        int newest = Migrations.load(Dialect.SQLITE).getLast().version();
        int shipped = Migrations.load(Dialect.SQLITE).size(); // numbers are assigned ahead, so one may be missing for a while
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            assertThat(rows(store, "SELECT max(version) FROM schema_version")).containsExactly(String.valueOf(newest));
            assertThat(rows(store, "SELECT count(*) FROM schema_version")).containsExactly(String.valueOf(shipped));
        }
    }
}
