package dev.sluice.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step-run lookups whose cost must not grow with the workspace's history are index searches in SQLite (which
 * has no statistics and picks an index by the query's shape): a step's earlier runs ({@code sluice plan},
 * {@code sluice why}) walk {@code step_runs_step} from the given time back, and a run's step by name stays on the
 * run's own index rather than every run's step runs of that name.
 */
class StepRunIndexesTest {
    @TempDir Path home;

    private static List<String> plan(MetadataStore store, String sql, Object... args) {
        return store.sql().read(c -> {
            try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
                for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) rows.add(rs.getString("detail"));
                }
                return rows;
            }
        });
    }

    @Test
    void aStepsEarlierRunsAreReadBackwardsByTheStepIndexNotByAScanOfEveryStepRun() throws Exception {
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            List<String> plan = plan(store, JdbcQueries.EARLIER_STEP_RUNS, "churn", "train", 90L, 1);
            assertThat(plan.getFirst()).startsWith("SEARCH s USING INDEX step_runs_step (step=? AND started_at<?)");
            assertThat(plan).noneMatch(p -> p.startsWith("SCAN")).doesNotContain("USE TEMP B-TREE FOR ORDER BY");
        }
    }

    @Test
    void aRunsStepByNameIsFoundThroughTheRunsIndexAlsoForItsDetails() throws Exception {
        try (MetadataStore store = MetadataStores.open(home, Optional.empty(), Map.of())) {
            assertThat(plan(store, "SELECT s.id FROM step_runs s WHERE " + JdbcQueries.STEP_OF_RUN, "r1", "train"))
                    .containsExactly("SEARCH s USING INDEX step_runs_run (run_id=?)");
            assertThat(plan(store, "SELECT d.name FROM step_params d JOIN step_runs s ON s.id = d.step_run_id WHERE "
                    + JdbcQueries.STEP_OF_RUN, "r1", "train").getFirst()).isEqualTo("SEARCH s USING INDEX step_runs_run (run_id=?)");
        }
    }
}
