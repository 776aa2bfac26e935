package dev.sluice.server.serving;

import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.MetadataStores;
import dev.sluice.server.sql.ServerTables;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The kept served models (server migration 006) on SQLite and on PostgreSQL: saved, replaced, listed, forgotten. */
class ServedModelRowsTest {
    @TempDir Path tmp;

    @Test
    void keepsReplacesListsAndForgetsOnSqlite() {
        try (MetadataStore store = MetadataStores.open(tmp, Optional.empty(), Map.of())) {
            roundTrip(store);
        }
    }

    @Test
    void keepsReplacesListsAndForgetsOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE sluice_served");
            }
            try (MetadataStore store = MetadataStores.open(tmp, Optional.of(pg.getJdbcUrl("postgres", "sluice_served")), Map.of())) {
                roundTrip(store);
            }
        }
    }

    private static void roundTrip(MetadataStore store) {
        ServerTables.migrate(store.sql());
        ServedModelRows rows = new ServedModelRows(store.sql());
        rows.save(ServeSpec.parse("elec2,retrain=elec2-retrain"), "admin");
        rows.save(ServeSpec.parse("churn@challenger=8081"), "command line");
        rows.save(ServeSpec.parse("elec2,retrain=elec2-retrain,check=1m"), "ops");
        assertThat(rows.all()).containsExactlyInAnyOrder(
                new ServedModelRows.Row("elec2@champion", "elec2@champion=0,retrain=elec2-retrain,check=1m,window=10000,min_rows=1000,"
                        + "cooldown=10m,poll=2s", "ops"),
                new ServedModelRows.Row("churn@challenger", "churn@challenger=8081,check=5m,window=10000,min_rows=1000,cooldown=10m,"
                        + "poll=2s", "command line"));
        assertThat(rows.delete("elec2@champion")).isTrue();
        assertThat(rows.delete("elec2@champion")).isFalse();
        assertThat(rows.all()).extracting(ServedModelRows.Row::model).containsExactly("churn@challenger");
    }
}
