package dev.sluice.ml.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Check;
import dev.sluice.ml.Fixtures;
import dev.sluice.testing.TestContext;
import dev.sluice.ml.data.CsvComponent;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectComponentTest {
    @TempDir Path dir;

    private Path telco() throws Exception {
        Fixtures.telcoCsv(dir);
        TestContext ctx = new TestContext(dir.resolve("load")).param("path", dir.resolve("data/telco.csv").toString())
                .bind(new CsvComponent().spec());
        new CsvComponent().run(ctx);
        return ctx.output("data");
    }

    private TestContext expect(Path table, Object columns, Object rows) throws Exception {
        TestContext ctx = new TestContext(dir.resolve("expect")).input("data", table);
        if (columns != null) ctx.param("columns", columns);
        if (rows != null) ctx.param("rows", rows);
        ctx.bind(ExpectComponent.SPEC);
        new ExpectComponent().run(ctx);
        return ctx;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** A check as the run summary shows it. */
    private static String shown(Check c) {
        return (c.passed() ? "passed " : c.severity() == Check.Severity.WARN ? "WARNING " : "FAILED ") + c.name() + " = "
                + c.observed() + ", expected " + c.expected() + (c.details().isEmpty() ? "" : "; " + c.details());
    }

    private static List<String> failed(TestContext ctx) {
        return ctx.checks.stream().filter(c -> !c.passed()).map(ExpectComponentTest::shown).toList();
    }

    @Test
    void passesTheTableThroughWhenEveryExpectationHolds() throws Exception {
        Path table = telco();
        TestContext ctx = expect(table, map(
                "customerID", map("unique", true, "nulls", 0, "regex", "\\d{4}-[A-Z]{5}", "type", "string"),
                "tenure", map("type", "int", "min", 0, "max", 72),
                "MonthlyCharges", map("type", "double", "finite", true, "nulls", 0.01),
                "Churn", map("in", List.of("Yes", "No"))), map("min", 300, "max", 400));

        assertThat(Files.readAllBytes(ctx.output("data"))).isEqualTo(Files.readAllBytes(table));
        assertThat(ctx.metrics).containsEntry("failed_expectations", 0.0).containsEntry("warned_expectations", 0.0)
                .containsEntry("rows", 303.0);
        JsonNode report = new ObjectMapper().readTree(ctx.output("report").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("expectations")).hasSize(12);
        assertThat(ctx.checks).hasSize(12).allMatch(Check::passed);
        assertThat(ctx.checks).extracting(Check::name).startsWith("table.rows", "customerID.unique", "customerID.nulls",
                "customerID.regex", "customerID.type", "tenure.type");
        assertThat(ctx.log).contains("expect: all 12 expectations hold on 303 rows");
    }

    @Test
    void aFailedExpectationIsACheckNamingExpectedObservedAndTheFailingRowsNotAnException() throws Exception {
        Path table = telco();
        long[] tenure = ((Column.Longs) TableIO.read(table, List.of("tenure")).column("tenure")).values();
        List<Integer> failing = new ArrayList<>();
        long max = 0;
        for (int i = 0; i < tenure.length; i++) {
            if (tenure[i] > 60) failing.add(i + 1);
            max = Math.max(max, tenure[i]);
        }
        String rows = failing.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "));

        TestContext ctx = expect(table, map("tenure", map("max", 60)), null);
        assertThat(failed(ctx)).containsExactly("FAILED tenure.max = " + max + ", expected <= 60; " + failing.size()
                + " rows fail, e.g. rows " + rows);
        assertThat(ctx.checks.getFirst().blocks()).isTrue();
        assertThat(ctx.metrics).containsEntry("failed_expectations", 1.0);
        assertThat(ctx.log).contains("expect: failed: column 'tenure': max 60 expected, observed " + max + " (" + failing.size()
                + " rows fail, e.g. rows " + rows + ")");
        JsonNode report = new ObjectMapper().readTree(ctx.output("report").toFile());
        JsonNode e = report.get("expectations").get(0);
        assertThat(e.get("name").asText()).isEqualTo("tenure.max");
        assertThat(e.get("expected").asText()).isEqualTo("<= 60");
        assertThat(e.get("failing_rows").asLong()).isEqualTo((long) failing.size());
        assertThat(e.get("examples")).hasSize(5);
        assertThat(e.get("examples").get(0).get("row").asLong()).isEqualTo((long) failing.getFirst());
        // the table is passed on (the executor's gate blocks the steps after it)
        assertThat(Files.readAllBytes(ctx.output("data"))).isEqualTo(Files.readAllBytes(table));
    }

    @Test
    void wrongTypeMissingColumnAndDisallowedValuesAreAllReported() throws Exception {
        Path table = telco();
        TestContext ctx = expect(table, map(
                "TotalCharges", map("type", "double"),
                "churn", map("in", List.of("Yes", "No")),
                "Contract", map("in", List.of("Month-to-month"))), map("min", 1000));
        assertThat(failed(ctx)).containsExactly(
                "FAILED table.rows = 303, expected >= 1000",
                "FAILED TotalCharges.type = string (VARCHAR), expected double; 303 rows fail",
                "FAILED churn.present = no such column (did you mean 'Churn'?), expected a column of the table; the table has:"
                        + " customerID, gender, SeniorCitizen, Partner, Dependents, tenure, PhoneService, MultipleLines,"
                        + " InternetService, OnlineSecurity, OnlineBackup, DeviceProtection, TechSupport, StreamingTV,"
                        + " StreamingMovies, Contract, PaperlessBilling, PaymentMethod, MonthlyCharges, TotalCharges, Churn",
                "FAILED Contract.in = other values [One year, Two year], expected in [Month-to-month]; 136 rows fail,"
                        + " e.g. rows 2, 4, 10, 12, 13");
        assertThat(ctx.log).contains("expect: 4 of 4 expectations failed on 303 rows; fix the data upstream, or change the"
                + " expectation if the data is right");
    }

    @Test
    void finiteAndNullsCatchNanInfinityAndMissingValues() throws Exception {
        java.util.BitSet nulls = new java.util.BitSet();
        nulls.set(3);
        Path table = dir.resolve("x.parquet");
        TableIO.write(new Frame(List.of(new Column.Doubles("x",
                new double[]{1, Double.NaN, Double.POSITIVE_INFINITY, 0, 5}, nulls))), table);

        TestContext ctx = expect(table, map("x", map("finite", true, "nulls", 0, "max", 4)), null);
        assertThat(failed(ctx)).containsExactly(
                "FAILED x.finite = 2 failing rows, expected finite; 2 rows fail, e.g. rows 2, 3",
                "FAILED x.nulls = 1, expected <= 0; 1 row fails, e.g. row 4",
                "FAILED x.max = Infinity, expected <= 4; 2 rows fail, e.g. rows 3, 5");
        // a fraction: 1 null in 5 rows is within 0.25
        TestContext ok = expect(table, map("x", map("nulls", 0.25, "min", 1)), null);
        assertThat(ok.metrics).containsEntry("failed_expectations", 0.0);
    }

    @Test
    void mostlyPassesWhenAtLeastThatFractionOfTheValuesPass() throws Exception {
        // 100 values, 3 above 96: mostly 0.97 needs 97 passing (passes), 0.98 needs 98 (fails); a null is not judged
        double[] v = new double[101];
        for (int i = 0; i < 100; i++) v[i] = i;
        java.util.BitSet nulls = new java.util.BitSet();
        nulls.set(100);
        Path table = dir.resolve("m.parquet");
        TableIO.write(new Frame(List.of(new Column.Doubles("x", v, nulls))), table);

        TestContext pass = expect(table, map("x", map("max", map("value", 96, "mostly", 0.97))), null);
        assertThat(pass.checks).extracting(ExpectComponentTest::shown).containsExactly(
                "passed x.max = 99, expected <= 96 (mostly 0.97); 3 of 100 rows fail (3.00%); mostly 0.97 needs 97 to pass,"
                        + " e.g. rows 98, 99, 100");
        TestContext fail = expect(table, map("x", map("max", 96, "min", 0, "mostly", 0.98)), null);
        assertThat(failed(fail)).containsExactly("FAILED x.max = 99, expected <= 96 (mostly 0.98); 3 of 100 rows fail (3.00%);"
                + " mostly 0.98 needs 98 to pass, e.g. rows 98, 99, 100");
    }

    @Test
    void aWarnExpectationIsRecordedAndShownButDoesNotBlock() throws Exception {
        Path table = telco();
        TestContext ctx = expect(table, map(
                "tenure", map("max", map("value", 60, "severity", "warn"), "min", 0),
                "Contract", map("in", List.of("Month-to-month"), "severity", "warn")), map("min", 1000, "severity", "warn"));
        assertThat(ctx.checks).filteredOn(c -> !c.passed()).extracting(Check::name, Check::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("table.rows", Check.Severity.WARN),
                org.assertj.core.groups.Tuple.tuple("tenure.max", Check.Severity.WARN),
                org.assertj.core.groups.Tuple.tuple("Contract.in", Check.Severity.WARN));
        assertThat(ctx.checks).noneMatch(Check::blocks);
        assertThat(ctx.metrics).containsEntry("failed_expectations", 0.0).containsEntry("warned_expectations", 3.0);
        assertThat(ctx.log).anyMatch(l -> l.startsWith("expect: warning: column 'tenure': max 60 expected, observed 72"))
                .contains("expect: 3 of 4 expectations warned on 303 rows; fix the data upstream, or change the expectation if the data is right");
        JsonNode report = new ObjectMapper().readTree(ctx.output("report").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("expectations").get(1).get("severity").asText()).isEqualTo("warn");
    }

    @Test
    void badSeverityAndMostlyAreErrorsThatSayWhatToWrite() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> expect(table, map("tenure", map("max", 60, "severity", "fatal")), null))
                .hasMessage("expect: column 'tenure': severity must be error or warn, got 'fatal'");
        assertThatThrownBy(() -> expect(table, map("tenure", map("max", map("value", 60, "mostly", 1.5))), null))
                .hasMessage("expect: column 'tenure': max: mostly must be a fraction above 0 and at most 1, got 1.5");
        assertThatThrownBy(() -> expect(table, map("tenure", map("type", map("value", "int", "mostly", 0.9))), null))
                .hasMessage("expect: column 'tenure': type: mostly applies to expectations judged row by row: min, max, in,"
                        + " unique, regex and finite");
        assertThatThrownBy(() -> expect(table, map("tenure", map("max", map("mostly", 0.9))), null))
                .hasMessage("expect: column 'tenure': max needs a value, e.g. max: {value: ..., mostly: 0.99}");
        assertThatThrownBy(() -> expect(table, null, map("min", 1, "mostly", 0.5)))
                .hasMessage("expect: rows: unknown key 'mostly'; use min, max and severity");
    }

    @Test
    void unknownExpectationIsAnError() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> expect(table, map("tenure", map("maxx", 60)), null))
                .hasMessage("expect: column 'tenure': unknown expectation 'maxx'; use type, nulls, min, max, in, unique, regex or finite"
                        + " (and severity, mostly)");
    }

    @Test
    void minOnATextColumnFailsAsNotNumeric() throws Exception {
        Path table = telco();
        assertThat(failed(expect(table, map("Churn", map("min", 0)), null)))
                .containsExactly("FAILED Churn.min = a string column (VARCHAR), not numeric, expected >= 0; 303 rows fail");
    }
}
