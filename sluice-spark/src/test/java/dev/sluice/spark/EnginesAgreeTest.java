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
 * The same pipeline on both engines (DuckDB in this JVM, Spark local[2]) gives the same tables row for row with the same
 * column types, the same metrics and the same check results: {@code csv} (typing, quarantined rejects), {@code parquet},
 * {@code sql}, {@code split}, {@code expect} (its report) and {@code profile} (every statistic); the steps Spark runs say
 * so in their logs, a step whose own {@code engine: local} wins over {@code --engine spark} does not.
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
              messy:
                uses: csv
                with: {path: messy.csv, delimiter: ";", on_error: quarantine, nulls: ["", "?"]}
              gate:
                uses: expect
                inputs: {data: features.data}
                with:
                  rows: {min: 100}
                  columns:
                    id: {unique: true, nulls: 0, type: int}
                    plan: {in: [basic, plus, pro]}
                    charges: {min: 20, max: {value: 200, severity: warn}, finite: true, mostly: 0.9}
                    region: {regex: "[a-z]+", nulls: 0}
                    tenure: {max: {value: 60, severity: warn}}
                    churned: {type: bool}
              described:
                uses: profile
                inputs: {data: features.data}
              described_messy:
                uses: profile
                inputs: {data: messy.data}
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
                "stratified", List.of("train", "test", "validation"), "by_time", List.of("train", "test", "validation"),
                "load", List.of("data", "rejects"), "messy", List.of("data", "rejects"), "gate", List.of("data"));
        for (var e : tables.entrySet()) {
            StepResult l = local.step(e.getKey()).orElseThrow();
            StepResult s = spark.step(e.getKey()).orElseThrow();
            assertThat(s.metrics()).as(e.getKey() + " metrics").isEqualTo(l.metrics());
            assertThat(s.checks()).as(e.getKey() + " checks").isEqualTo(l.checks());
            for (String port : e.getValue()) {
                assertThat(Runs.rows(Runs.table(s, port))).as(e.getKey() + "." + port)
                        .isEqualTo(Runs.rows(Runs.table(l, port)));
                assertThat(Runs.types(Runs.table(s, port))).as(e.getKey() + "." + port + " column types")
                        .isEqualTo(Runs.types(Runs.table(l, port)));
            }
            assertThat(Runs.log(s)).as(e.getKey() + " log").contains("engine: spark local[2]");
            assertThat(Runs.log(l)).as(e.getKey() + " log").doesNotContain("engine: spark");
        }
        assertThat(spark.step("features").orElseThrow().checks()).hasSize(1);
        assertThat(Runs.rows(Runs.table(spark.step("random").orElseThrow(), "validation"))).hasSizeGreaterThan(10);
        assertThat(Runs.log(spark.step("pinned").orElseThrow())).doesNotContain("engine: spark");   // its own engine: wins

        // csv: the typing rule of the local reader (int, double, bool for true/false only, date, text), rejects quarantined
        assertThat(Runs.types(Runs.table(spark.step("messy").orElseThrow(), "data")))
                .containsExactly("id BIGINT", "day DATE", "flag BOOLEAN", "score DOUBLE", "label VARCHAR", "code VARCHAR");
        assertThat(spark.step("messy").orElseThrow().metrics()).containsEntry("rejected_rows", 1.0);
        // expect: the same check results, passed and warned; the report says the same
        StepResult gate = spark.step("gate").orElseThrow();
        assertThat(gate.checks()).hasSize(12).filteredOn(c -> !c.passed()).extracting(c -> c.name())
                .containsExactlyInAnyOrder("charges.max", "tenure.max");
        assertThat(gate.metrics()).containsEntry("warned_expectations", 2.0).containsEntry("failed_expectations", 0.0);
        assertSameJson(file(gate, "report"), file(local.step("gate").orElseThrow(), "report"));
        // profile: every statistic equal, numbers within 1e-9 (relative)
        for (String step : List.of("described", "described_messy")) {
            StepResult s = spark.step(step).orElseThrow();
            assertThat(s.metrics()).as(step).isEqualTo(local.step(step).orElseThrow().metrics());
            assertSameJson(file(s, "profile"), file(local.step(step).orElseThrow(), "profile"));
            assertThat(Runs.log(s)).as(step).contains("engine: spark local[2]");
        }
    }

    private static Path file(StepResult step, String port) {
        return Runs.table(step, port);
    }

    /** The two JSON files hold the same tree; numbers equal within 1e-9 of their size. */
    static void assertSameJson(Path actual, Path expected) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertSameJson(json.readTree(actual.toFile()), json.readTree(expected.toFile()), "$");
    }

    private static void assertSameJson(com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode e,
                                       String at) {
        if (e.isNumber() && a.isNumber()) {
            assertThat(a.asDouble()).as(at).isCloseTo(e.asDouble(), org.assertj.core.api.Assertions.within(
                    1e-9 * Math.max(1, Math.abs(e.asDouble()))));
        } else if (e.isObject()) {
            assertThat(a.isObject()).as(at).isTrue();
            assertThat(iterable(a.fieldNames())).as(at).containsExactlyElementsOf(iterable(e.fieldNames()));
            e.fields().forEachRemaining(f -> assertSameJson(a.get(f.getKey()), f.getValue(), at + "." + f.getKey()));
        } else if (e.isArray()) {
            assertThat(a.size()).as(at).isEqualTo(e.size());
            for (int i = 0; i < e.size(); i++) assertSameJson(a.get(i), e.get(i), at + "[" + i + "]");
        } else {
            assertThat(a).as(at).isEqualTo(e);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
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
        // dates, true/false, a ? null marker, a label column, zip-like codes, and one row with a field too many
        StringBuilder messy = new StringBuilder("id;day;flag;score;label;code\n");
        for (int i = 1; i <= 60; i++) {
            messy.append(i).append(';').append(String.format("2026-%02d-%02d", 1 + i % 12, 1 + i % 28)).append(';')
                    .append(i % 3 == 0 ? "TRUE" : "false").append(';').append(i % 7 == 0 ? "?" : String.valueOf(i * 1.5)).append(';')
                    .append(i % 2 == 0 ? "Yes" : "No").append(';').append(String.format("%05d", i * 37)).append('\n');
            if (i == 30) messy.append("31;2026-01-01;true;1;No;00001;extra\n");
        }
        Files.writeString(dir.resolve("messy.csv"), messy);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES (0, 'north'), (1, 'south'), (2, 'west')) t(k, region)) TO '"
                    + dir.resolve("regions.parquet") + "' (FORMAT parquet)");
        }
    }
}
