package dev.sluice.ml.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.PipelineException;
import dev.sluice.ml.Fixtures;
import dev.sluice.ml.TestContext;
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
    private static final String FIX = "\n  Fix the data upstream, or change the expectation if the data is right; the 'report' output lists every expectation.";

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

    @Test
    void passesTheTableThroughWhenEveryExpectationHolds() throws Exception {
        Path table = telco();
        TestContext ctx = expect(table, map(
                "customerID", map("unique", true, "nulls", 0, "regex", "\\d{4}-[A-Z]{5}", "type", "string"),
                "tenure", map("type", "int", "min", 0, "max", 72),
                "MonthlyCharges", map("type", "double", "finite", true, "nulls", 0.01),
                "Churn", map("in", List.of("Yes", "No"))), map("min", 300, "max", 400));

        assertThat(Files.readAllBytes(ctx.output("data"))).isEqualTo(Files.readAllBytes(table));
        assertThat(ctx.metrics).containsEntry("failed_expectations", 0.0).containsEntry("rows", 303.0);
        JsonNode report = new ObjectMapper().readTree(ctx.output("report").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("expectations")).hasSize(12);
    }

    @Test
    void failsNamingColumnExpectationObservedValueAndRows() throws Exception {
        Path table = telco();
        long[] tenure = ((Column.Longs) TableIO.read(table, List.of("tenure")).column("tenure")).values();
        List<Integer> failing = new ArrayList<>();
        long max = 0;
        for (int i = 0; i < tenure.length; i++) {
            if (tenure[i] > 60) failing.add(i + 1);
            max = Math.max(max, tenure[i]);
        }
        String rows = failing.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "));

        assertThatThrownBy(() -> expect(table, map("tenure", map("max", 60)), null))
                .isInstanceOf(PipelineException.class)
                .hasMessage("expect: 1 of 1 expectation failed:\n  column 'tenure': max 60 expected, observed " + max
                        + " (" + failing.size() + " rows fail, e.g. rows " + rows + ")" + FIX);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("expect/outputs/report/report.json").toFile());
        JsonNode e = report.get("expectations").get(0);
        assertThat(e.get("failing_rows").asLong()).isEqualTo((long) failing.size());
        assertThat(e.get("examples")).hasSize(5);
        assertThat(e.get("examples").get(0).get("row").asLong()).isEqualTo((long) failing.getFirst());
        assertThat(dir.resolve("expect/outputs/data/data.parquet")).doesNotExist();
    }

    @Test
    void wrongTypeMissingColumnAndDisallowedValuesAreAllReported() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> expect(table, map(
                "TotalCharges", map("type", "double"),
                "churn", map("in", List.of("Yes", "No")),
                "Contract", map("in", List.of("Month-to-month"))), map("min", 1000)))
                .hasMessage("expect: 4 of 4 expectations failed:\n"
                        + "  table: rows min 1000 expected, observed 303 rows\n"
                        + "  column 'TotalCharges': type double expected, observed string (VARCHAR) (303 rows fail)\n"
                        + "  column 'churn': no such column (did you mean 'Churn'?); the table has: customerID, gender, SeniorCitizen,"
                        + " Partner, Dependents, tenure, PhoneService, MultipleLines, InternetService, OnlineSecurity, OnlineBackup,"
                        + " DeviceProtection, TechSupport, StreamingTV, StreamingMovies, Contract, PaperlessBilling, PaymentMethod,"
                        + " MonthlyCharges, TotalCharges, Churn\n"
                        + "  column 'Contract': in [Month-to-month] expected, observed other values [One year, Two year] (136 rows fail, e.g. rows 2, 4, 10, 12, 13)"
                        + FIX);
    }

    @Test
    void finiteAndNullsCatchNanInfinityAndMissingValues() throws Exception {
        java.util.BitSet nulls = new java.util.BitSet();
        nulls.set(3);
        Path table = dir.resolve("x.parquet");
        TableIO.write(new Frame(List.of(new Column.Doubles("x",
                new double[]{1, Double.NaN, Double.POSITIVE_INFINITY, 0, 5}, nulls))), table);

        assertThatThrownBy(() -> expect(table, map("x", map("finite", true, "nulls", 0, "max", 4)), null))
                .hasMessage("expect: 3 of 3 expectations failed:\n"
                        + "  column 'x': finite expected, observed 2 failing rows (2 rows fail, e.g. rows 2, 3)\n"
                        + "  column 'x': nulls 0 expected, observed 1 (1 row fails, e.g. row 4)\n"
                        + "  column 'x': max 4 expected, observed Infinity (2 rows fail, e.g. rows 3, 5)" + FIX);
        // a fraction: 1 null in 5 rows is within 0.25
        TestContext ok = expect(table, map("x", map("nulls", 0.25, "min", 1)), null);
        assertThat(ok.metrics).containsEntry("failed_expectations", 0.0);
    }

    @Test
    void unknownExpectationIsAnError() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> expect(table, map("tenure", map("maxx", 60)), null))
                .hasMessage("expect: column 'tenure': unknown expectation 'maxx'; use type, nulls, min, max, in, unique, regex or finite");
    }

    @Test
    void minOnATextColumnFailsAsNotNumeric() throws Exception {
        Path table = telco();
        assertThatThrownBy(() -> expect(table, map("Churn", map("min", 0)), null))
                .hasMessageContaining("column 'Churn': min 0 expected, observed a string column (VARCHAR), not numeric (303 rows fail)");
    }
}
