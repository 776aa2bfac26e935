package dev.sluice.ml.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.api.Check;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.DeclaredComponent;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data check and a gate: evaluates expectations about a table's columns and row count, records each one as a
 * check of the step (shown in the run summary, {@code sluice show}, {@code --json} and the HTML report), and passes
 * the table on unchanged as {@code data}. When an expectation of severity {@code error} (the default) fails, the
 * step fails as a gate once it returns: not a crash (no stack trace, no retry), and the steps after it are blocked.
 * Each check is named {@code column.expectation} ({@code age.max}; {@code table.rows} for the row count;
 * {@code column.present} when the column is missing) and says what was expected, what was observed, and which
 * rows fail: {@code age.max = 150, expected <= 120; 3 rows fail, e.g. rows 17, 230, 981}. Row numbers count from 1
 * in table order.
 *
 * <p>Expectations per column: {@code type} (int, double, string, bool; double accepts integers),
 * {@code nulls} (a count, 0 for none, or a fraction below 1), {@code min}, {@code max}, {@code in}
 * (allowed values), {@code unique}, {@code regex} (the whole value must match), {@code finite} (no
 * NaN or infinity). A column named here that the table lacks is a failed expectation. {@code min}, {@code max},
 * {@code in}, {@code unique}, {@code regex} and {@code finite} are judged row by row on the non-null values.
 *
 * <p>As in Great Expectations, each expectation may be relaxed and softened:
 * <ul>
 *   <li>{@code mostly: 0.99}: a row-by-row expectation passes when at least that fraction of the values judged pass
 *       (the count needed is the ceiling of the fraction, as written, times the values); the failing rows are
 *       still shown.</li>
 *   <li>{@code severity: warn}: a failure is recorded and shown as a warning, and does not fail the step
 *       ({@code error}, the default, does).</li>
 * </ul>
 * Both may be set for a whole column ({@code age: {min: 0, max: 120, mostly: 0.99}}; {@code mostly} then applies
 * to its row-by-row expectations) or for one expectation with the long form {@code max: {value: 120, mostly: 0.99,
 * severity: warn}}; {@code rows: {min: 1000, severity: warn}} softens the row count.
 *
 * <p>The {@code report} output (METRICS, JSON) lists every expectation:
 * <pre>{@code
 * {"passed": false, "rows": 303, "failed_expectations": 1, "warned_expectations": 0,
 *  "expectations": [{"name": "age.max", "column": "age", "expectation": "max 120", "expected": "<= 120",
 *                    "severity": "error", "mostly": 1.0, "passed": false, "observed": "150", "failing_rows": 3,
 *                    "judged_rows": 303, "details": "3 rows fail, e.g. rows 17, 230, 981",
 *                    "examples": [{"row": 17, "value": "150"}, ...]}, ...]}
 * }</pre>
 * Metrics {@code rows}, {@code failed_expectations} (severity error) and {@code warned_expectations}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * steps:
 *   check:
 *     uses: expect
 *     inputs: {data: load.data}
 *     with:
 *       rows: {min: 1000}
 *       columns:
 *         customerID: {unique: true, nulls: 0}
 *         tenure: {type: int, min: 0, max: 120}
 *         MonthlyCharges: {type: double, finite: true, max: {value: 150, mostly: 0.99}}
 *         TotalCharges: {nulls: 0.01, severity: warn}
 *         Churn: {in: [Yes, No]}
 * }</pre>
 */
public final class ExpectComponent extends DeclaredComponent {
    /** {@code columns} (column to expectations) and {@code rows} ({@code {min, max}}) are maps. */
    private static final ParamType MAP_PARAM = ParamType.MAP;

    static final ComponentSpec SPEC = ComponentSpec.builder("expect", "1")
            .description("Checks expectations on a table's columns and rows; a gate that fails the step when one of severity error fails.")
            .input("data", PortKind.TABLE, "the table to check")
            .output("data", PortKind.TABLE, "the same table, passed on only when no expectation of severity error fails")
            .output("report", PortKind.METRICS, "every expectation with its observed value, as JSON")
            .param(ParamSpec.of("columns", MAP_PARAM, Map.of())
                    .withDoc("column -> {type, nulls, min, max, in, unique, regex, finite, mostly, severity}"))
            .param(ParamSpec.of("rows", MAP_PARAM, Map.of()).withDoc("{min: N, max: N, severity: error|warn}"))
            .rule(ParamRule.check("columns holds known expectations", v -> problem(() -> columns(v.get("columns"))), "columns"))
            .rule(ParamRule.check("rows holds min and max", v -> problem(() -> rows(v.get("rows"))), "rows"))
            .metric("rows", "rows of the table").metric("failed_expectations", "expectations of severity error that do not hold")
            .metric("warned_expectations", "expectations of severity warn that do not hold")
            .build();

    /** What {@code parse} throws, as a rule's message, or empty when the parameter parses. */
    private static Optional<String> problem(Runnable parse) {
        try {
            parse.run();
            return Optional.empty();
        } catch (PipelineException e) {
            return Optional.of(e.getMessage());
        }
    }

    public ExpectComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException, IOException {
        Path input = ctx.input("data");
        Map<String, List<Expectation.Rule>> byColumn = columns(ctx.params().get("columns"));
        List<Expectation.Rule> rowRules = rows(ctx.params().get("rows"));
        List<Outcome> outcomes = new ArrayList<>();
        long rows;
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            String source = "read_parquet(" + DuckSession.literal(input) + ", file_row_number = true)";
            db.execute("CREATE VIEW t AS SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS " + ExpectEvaluator.ROW + " FROM " + source);
            Schema schema = db.describe("read_parquet(" + DuckSession.literal(input) + ")");
            rows = db.queryLong("SELECT count(*) FROM t");
            ExpectEvaluator eval = new ExpectEvaluator(db, schema, rows);
            for (Expectation.Rule r : rowRules) outcomes.add(eval.rows(r));
            for (Map.Entry<String, List<Expectation.Rule>> e : byColumn.entrySet()) {
                if (schema.find(e.getKey()).isEmpty()) {
                    outcomes.add(eval.missing(e.getKey(), e.getValue()));
                    continue;
                }
                for (Expectation.Rule r : e.getValue()) outcomes.add(eval.evaluate(r));
            }
        }
        long failed = outcomes.stream().filter(o -> o.toCheck().blocks()).count();
        long warned = outcomes.stream().filter(o -> !o.passed() && o.rule().severity() == Check.Severity.WARN).count();
        writeReport(ctx, rows, outcomes, failed, warned);
        ctx.metric("rows", rows);
        ctx.metric("failed_expectations", failed);
        ctx.metric("warned_expectations", warned);
        for (Outcome o : outcomes) {
            if (!o.passed()) ctx.log("expect: " + (o.rule().severity() == Check.Severity.WARN ? "warning: " : "failed: ") + o.message());
        }
        copy(input, ctx.outputFile("data", "data.parquet"));
        ctx.log(summary(outcomes.size(), failed, warned, rows));
        for (Outcome o : outcomes) ctx.check(o.toCheck());   // a failed error check fails the step as a gate
    }

    /** {@code expect: 1 of 12 expectations failed and 1 warned on 303 rows; ...}, or that all hold. */
    static String summary(int total, long failed, long warned, long rows) {
        if (failed == 0 && warned == 0) return "expect: all " + total + " expectations hold on " + rows + " rows";
        StringBuilder sb = new StringBuilder("expect: ");
        if (failed > 0) sb.append(failed).append(" of ").append(total).append(total == 1 ? " expectation failed" : " expectations failed");
        if (failed > 0 && warned > 0) sb.append(" and ");
        if (warned > 0) sb.append(warned).append(failed > 0 ? "" : " of " + total + (total == 1 ? " expectation" : " expectations")).append(" warned");
        return sb.append(" on ").append(rows).append(" rows; fix the data upstream, or change the expectation if the data is right")
                .toString();
    }

    /** Accepts a map (column to expectations) or a list of one-key maps; see {@link #MAP_PARAM}. */
    static Map<String, List<Expectation.Rule>> columns(Object raw) {
        Map<String, List<Expectation.Rule>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries(raw, "columns", "columns: {age: {min: 0, max: 120}}").entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                throw new PipelineException("expect: column '" + e.getKey() + "' needs a map of expectations, e.g. {min: 0, max: 120}");
            }
            out.put(String.valueOf(e.getKey()), Expectation.parse(String.valueOf(e.getKey()), spec));
        }
        return out;
    }

    static List<Expectation.Rule> rows(Object raw) {
        Map<?, ?> spec = entries(raw, "rows", "rows: {min: 100}");
        return spec.isEmpty() ? List.of() : List.of(Expectation.parseRows(spec));
    }

    private static Map<?, ?> entries(Object raw, String param, String example) {
        if (raw == null) return Map.of();
        if (raw instanceof Map<?, ?> m) return m;
        if (raw instanceof List<?> list) {
            Map<Object, Object> merged = new LinkedHashMap<>();
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> m)) throw new PipelineException("expect: " + param + " must be a map, e.g. " + example);
                merged.putAll(m);
            }
            return merged;
        }
        throw new PipelineException("expect: " + param + " must be a map, e.g. " + example);
    }

    private static void writeReport(StepContext ctx, long rows, List<Outcome> outcomes, long failed, long warned) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", o.rule().name());
            item.put("column", o.column().isEmpty() ? null : o.column());
            item.put("expectation", o.rule().expectation().label());
            item.put("expected", o.rule().expected());
            item.put("severity", o.rule().severity().label());
            item.put("mostly", o.rule().mostly());
            item.put("passed", o.passed());
            item.put("observed", o.observed());
            item.put("failing_rows", o.failingRows());
            item.put("judged_rows", o.judged() < 0 ? null : o.judged());
            item.put("details", o.details());
            item.put("examples", o.examples().stream().map(x -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("row", x.row());
                m.put("value", x.value());
                return m;
            }).toList());
            items.add(item);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("passed", failed == 0);
        report.put("rows", rows);
        report.put("failed_expectations", failed);
        report.put("warned_expectations", warned);
        report.put("expectations", items);
        writeJson(report, ctx.outputFile("report", "report.json"));
    }

    static void writeJson(Object value, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), value);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
