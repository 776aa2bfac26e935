package dev.sluice.spark;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same pipeline on both engines (DuckDB in this JVM, Spark local[2]) gives the same tables row for row, the same
 * metrics and the same check results; the steps Spark runs say so in their logs, the others (csv, which Spark does not
 * run, and a step whose own {@code engine: local} wins over {@code --engine spark}) do not.
 */
@Tag("spark")
class EnginesAgreeTest {
    static final String PIPELINE = """
            pipeline: engines
            steps:
              load:
                uses: csv
                with: {path: customers.csv}
              regions:
                uses: parquet
                with: {path: regions.parquet}
              features:
                uses: sql
                inputs: {tables: [load.data, regions.data]}
                with:
                  names: [c, r]
                  query: >
                    SELECT c.id, c.plan, c.tenure, c.charges * 2 AS charges, r.region, c.churned
                    FROM c JOIN r ON c.id % 3 = r.k WHERE c.tenure > 2 ORDER BY c.id
                checks: {rows: ">= 100"}
              by_plan:
                uses: sql
                inputs: {tables: features.data}
                with:
                  query: SELECT plan, count(*) AS n, avg(charges) AS mean_charges, max(tenure) AS longest FROM data GROUP BY plan ORDER BY plan
              random:
                uses: split
                inputs: {data: features.data}
                with: {test: 0.25, validation: 0.1, seed: 7}
              stratified:
                uses: split
                inputs: {data: features.data}
                with: {method: stratified, stratify: plan, test: 0.3, seed: 3}
              pinned:
                uses: sql
                engine: local
                inputs: {tables: features.data}
                with: {query: SELECT count(*) AS n FROM data}
              by_time:
                uses: split
                inputs: {data: features.data}
                with: {method: time, time_column: tenure, test: 0.2}
            """;

    @TempDir Path dir;

    @Test
    void aPipelineGivesTheSameTablesMetricsAndChecksOnDuckDbAndOnSparkLocal() throws Exception {
        writeData(dir);
        Pipeline p = Runs.pipeline(PIPELINE, dir);
        RunResult local = Runs.run(p, dir.resolve("local"), Optional.empty());
        RunResult spark = Runs.run(p, dir.resolve("spark"), Optional.of("local[2]"));
        assertThat(local.status()).as(local.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(spark.status()).as(spark.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);

        Map<String, List<String>> tables = Map.of("regions", List.of("data"), "features", List.of("data"),
                "by_plan", List.of("data"), "random", List.of("train", "test", "validation"),
                "stratified", List.of("train", "test", "validation"), "by_time", List.of("train", "test", "validation"));
        for (var e : tables.entrySet()) {
            StepResult l = local.step(e.getKey()).orElseThrow();
            StepResult s = spark.step(e.getKey()).orElseThrow();
            assertThat(s.metrics()).as(e.getKey() + " metrics").isEqualTo(l.metrics());
            assertThat(s.checks()).as(e.getKey() + " checks").isEqualTo(l.checks());
            for (String port : e.getValue()) {
                assertThat(Runs.rows(Runs.table(s, port))).as(e.getKey() + "." + port)
                        .isEqualTo(Runs.rows(Runs.table(l, port)));
            }
            assertThat(Runs.log(s)).as(e.getKey() + " log").contains("engine: spark local[2]");
            assertThat(Runs.log(l)).as(e.getKey() + " log").doesNotContain("engine: spark");
        }
        assertThat(spark.step("features").orElseThrow().checks()).hasSize(1);
        assertThat(Runs.rows(Runs.table(spark.step("random").orElseThrow(), "validation"))).hasSizeGreaterThan(10);
        assertThat(Runs.log(spark.step("pinned").orElseThrow())).doesNotContain("engine: spark");   // its own engine: wins
        assertThat(Runs.log(spark.step("load").orElseThrow())).doesNotContain("engine: spark");   // csv stays on the driver
    }

    /** 400 customers in a CSV, and a small Parquet table of regions. */
    static void writeData(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,plan,tenure,charges,churned\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        String[] plans = {"basic", "plus", "pro"};
        for (int i = 1; i <= 400; i++) {
            csv.append(i).append(',').append(plans[r.nextInt(3)]).append(',').append(r.nextInt(72)).append(',')
                    .append(Math.round(r.nextDouble(10, 120) * 100) / 100.0).append(',').append(r.nextBoolean()).append('\n');
        }
        Files.writeString(dir.resolve("customers.csv"), csv);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES (0, 'north'), (1, 'south'), (2, 'west')) t(k, region)) TO '"
                    + dir.resolve("regions.parquet") + "' (FORMAT parquet)");
        }
    }
}
