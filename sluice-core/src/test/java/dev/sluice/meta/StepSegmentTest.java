package dev.sluice.meta;

import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.meta.TestPipeline.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group commit's step records applied together ({@link StepSegment}: multi-row statements, step runs inserted
 * ended) leave every table exactly as applying them one record at a time does. Real SQLite, two databases.
 */
class StepSegmentTest {
    private static final List<String> TABLES = List.of("pipelines", "runs", "step_runs", "step_params", "metrics",
            "check_results", "step_outputs", "lineage_edges", "artifacts", "artifact_content");

    @TempDir Path dir;

    @Test
    void aBatchAppliedInSegmentsLeavesTheTablesOfOneRecordAtATime() throws SQLException {
        List<List<MetaWrite>> batches = batches();
        Map<String, List<String>> together = apply(dir.resolve("together.db"), batches, true);
        Map<String, List<String>> oneByOne = apply(dir.resolve("one-by-one.db"), batches, false);

        assertThat(together).isEqualTo(oneByOne);
        assertThat(together.get("step_runs")).hasSize(45).anySatisfy(row -> assertThat(row).startsWith("r/a#1|r|a|a|succeeded|"))
                .anySatisfy(row -> assertThat(row).startsWith("r/b#1|r|b|b|failed|"))
                .anySatisfy(row -> assertThat(row).startsWith("r/c#1|r|c|c|cached|"));
        assertThat(together.get("lineage_edges")).hasSize(2 + 40 + 40 + 2 + 1);
        assertThat(together.get("artifacts")).hasSize(2 + 40);
    }

    @Test
    void aKeyTwiceInOneSegmentTakesTheLaterRowAsOneByOneDoes() throws SQLException {
        // (PostgreSQL refuses such a statement instead: the writer then replays the batch record by record)
        Database db = Database.sqlite(dir.resolve("twice.db"));
        try (Connection c = db.connect(true)) {
            Migrations.migrate(c, db);
            WriteApplier applier = new WriteApplier(c);
            db.begin(c);
            applier.applyAll(List.of(TestPipeline.PIPELINE,
                    MetaWrite.RunStarted.here("r", TestPipeline.PIPELINE.id(), at(0), "{}", Optional.empty()), started("a", 1),
                    stored("x"), stored("y"), consumed("a#1", "x"), consumed("a#1", "y")), () -> { });
            db.commit(c);
            applier.close();
            assertThat(rows(c, "lineage_edges")).containsExactly("r/a#1|consumed|in|0|" + id("y"));
        }
    }

    /** Three batches of one run, as a group commit takes them: barriers, steps started and ended across batches. */
    private static List<List<MetaWrite>> batches() {
        List<MetaWrite> first = new ArrayList<>(List.of(TestPipeline.PIPELINE,
                MetaWrite.RunStarted.here("r", TestPipeline.PIPELINE.id(), at(0), "{}", Optional.empty()),
                stored("x"), new MetaWrite.ArtifactContent(id("x"), "x".getBytes(StandardCharsets.UTF_8)),
                started("a", 1),
                new MetaWrite.StepFinished("r/a#1", StepStatus.SUCCEEDED, at(5), Optional.of(0), Optional.empty(),
                        Map.of("auc", 0.9), List.of(new CheckResult("auc", true, Optional.of(0.9), ">= 0.8")),
                        List.of(new OutputRow("out", 0, id("x"))), Optional.empty()),
                started("b", 1), consumed("b#1", "x"), stored("y"), stored("y"),
                started("c", 1),
                new MetaWrite.StepFinished("r/c#1", StepStatus.CACHED, at(6), Optional.empty(), Optional.empty(), Map.of(),
                        List.of(), List.of(new OutputRow("out", 0, id("x"))), Optional.of("r/a#1"))));
        for (int i = 0; i < 40; i++) { // more rows than one statement holds
            first.add(stored("d" + i));
            first.add(started("d" + i, 1));
            first.add(consumed("d" + i + "#1", "x"));
            first.add(new MetaWrite.StepFinished("r/d" + i + "#1", StepStatus.SUCCEEDED, at(7), Optional.empty(),
                    Optional.empty(), Map.of(), List.of(), List.of(new OutputRow("out", 0, id("d" + i))), Optional.empty()));
        }
        List<MetaWrite> second = List.of(new MetaWrite.Heartbeat("r", at(8)),
                new MetaWrite.StepFinished("r/b#1", StepStatus.FAILED, at(9), Optional.of(3), Optional.of("exit 3"),
                        Map.of(), List.of(), List.of(), Optional.empty()),
                started("b", 2), consumed("b#2", "x"), new MetaWrite.Consumed("r/b#2", "in", 1, id("y")),
                new MetaWrite.StepFinished("r/b#2", StepStatus.SUCCEEDED, at(10), Optional.empty(), Optional.empty(),
                        Map.of("rows", 2.0), List.of(), List.of(new OutputRow("out", 0, id("y"))), Optional.empty()),
                started("e", 1));
        List<MetaWrite> third = List.of(new MetaWrite.RunFinished("r", RunStatus.FAILED, at(11)));
        return List.of(first, second, third);
    }

    private static Map<String, List<String>> apply(Path file, List<List<MetaWrite>> batches, boolean together)
            throws SQLException {
        Database db = Database.sqlite(file);
        try (Connection c = db.connect(true)) {
            Migrations.migrate(c, db);
            WriteApplier applier = new WriteApplier(c);
            for (List<MetaWrite> batch : batches) {
                db.begin(c);
                if (together) {
                    applier.applyAll(batch, () -> { });
                } else {
                    for (MetaWrite w : batch) applier.apply(w);
                }
                db.commit(c);
            }
            applier.close();
            Map<String, List<String>> tables = new java.util.LinkedHashMap<>();
            for (String table : TABLES) tables.put(table, rows(c, table));
            return tables;
        }
    }

    /** Every row of a table as text, sorted (the order of rows is not the claim; their content is). */
    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object v = rs.getObject(i);
                    row.append(i == 1 ? "" : "|").append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v);
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String id(String name) {
        return MetaWrite.sha256(name);
    }

    private static MetaWrite.ArtifactStored stored(String name) {
        return new MetaWrite.ArtifactStored(id(name), "file", "text/plain", name.length(), at(2));
    }

    private static MetaWrite.StepStarted started(String step, int attempt) {
        return new MetaWrite.StepStarted("r/" + step + "#" + attempt, "r", step, step, attempt, at(3), Optional.of("key-" + step),
                "{}", Optional.of("logs/" + step), step.equals("a") ? Map.of("n", "1", "mode", "\"fast\"") : Map.of());
    }

    private static MetaWrite.Consumed consumed(String stepRun, String artifact) {
        return new MetaWrite.Consumed("r/" + stepRun, "in", id(artifact));
    }
}
