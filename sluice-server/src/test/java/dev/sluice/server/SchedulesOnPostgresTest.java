package dev.sluice.server;

import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.MetadataStores;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.sql.ServerTables;
import dev.sluice.server.sql.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one PostgreSQL follow the same per-minute schedules under one clock the test moves (forward
 * tick by tick, back, and forward again over ticks already run): each tick has one row and one run, whichever server
 * queued it.
 */
class SchedulesOnPostgresTest {
    @Test
    void twoServersStartEachTickOnce(@TempDir Path tmp) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE sluice_sched");
            }
            String url = pg.getJdbcUrl("postgres", "sluice_sched");
            Path home = tmp.resolve("home");
            Path pipelines = SchedulesTest.copy(tmp.resolve("p"), "ticker.yaml");
            FileClock clock = FileClock.at(tmp.resolve("clock"), SchedulesTest.T0);
            try (MetadataStore store = MetadataStores.open(home, Optional.of(url), Map.of())) {
                ServerTables.migrate(store.sql());
                new Tokens(store.sql()).create("admin", Role.ADMIN, Optional.empty(), "test");
                Map<String, String> env = Map.of("SLUICE_DB", url, "SLUICE_TEST_CLOCK", clock.file().toString());
                try (ChildServer a = new ChildServer(home, pipelines, 2, 1, env); ChildServer b = new ChildServer(home, pipelines, 2, 1, env)) {
                    SchedulesTest.until("both servers saw the schedules", () -> count(store, "SELECT COUNT(*) FROM server_schedules") == 3);
                    for (int minute = 1; minute <= 4; minute++) {
                        clock.set(SchedulesTest.T0.plusSeconds(30 + 60L * (minute - 1)));
                        long expected = 3L * minute;
                        SchedulesTest.until("tick " + minute, () -> count(store, "SELECT COUNT(*) FROM server_schedule_ticks") == expected);
                    }
                    // the clock jumps back before the first tick, then forward past them all again
                    Instant back = SchedulesTest.T0.minusSeconds(20);
                    clock.set(back);
                    SchedulesTest.until("a pass at the earlier time", () -> count(store,
                            "SELECT COUNT(*) FROM server_schedules WHERE cursor_at = ?", back.toEpochMilli()) == 3);
                    Instant again = SchedulesTest.T0.plusSeconds(3 * 60 + 35);
                    clock.set(again);
                    SchedulesTest.until("passes at the later time", () -> count(store,
                            "SELECT COUNT(*) FROM server_schedules WHERE cursor_at = ?", again.toEpochMilli()) == 3);
                    SchedulesTest.until("the runs end", () -> count(store, "SELECT COUNT(*) FROM runs WHERE state = 'succeeded'") == 12);

                    assertThat(count(store, "SELECT COUNT(*) FROM server_schedule_ticks")).isEqualTo(12);
                    assertThat(count(store, "SELECT COUNT(DISTINCT run_id) FROM server_schedule_ticks")).isEqualTo(12);
                    assertThat(count(store, "SELECT COUNT(*) FROM runs")).isEqualTo(12);
                    assertThat(count(store, "SELECT COUNT(*) FROM run_triggers WHERE kind = 'schedule'")).isEqualTo(12);
                    assertThat(count(store, "SELECT COUNT(*) FROM server_run_events WHERE type = 'run_started'")).isEqualTo(12);
                    List<String> perTick = store.sql().read(c -> Sql.list(c, "SELECT schedule || ' ' || tick_at FROM server_schedule_ticks"
                            + " ORDER BY schedule, tick_at", rs -> rs.getString(1)));
                    assertThat(perTick).doesNotHaveDuplicates().hasSize(12);
                }
            }
        }
    }

    private static long count(MetadataStore store, String sql, Object... args) {
        return store.sql().read(c -> Sql.first(c, sql, rs -> rs.getLong(1), args).orElse(0L));
    }
}
