package dev.sluice.ml.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
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
 * A data check and a gate: evaluates expectations about a table's columns and row count, passes
 * the table on unchanged as {@code data} only when all hold, and fails the step otherwise with one
 * line per failed expectation naming the column, the expectation, the observed value and the failing
 * rows, e.g. {@code column 'age': max 120 expected, observed 150 (3 rows fail, e.g. rows 17, 230, 981)}.
 * Row numbers count from 1 in table order.
 *
 * <p>Expectations per column: {@code type} (int, double, string, bool; double accepts integers),
 * {@code nulls} (a count, 0 for none, or a fraction below 1), {@code min}, {@code max}, {@code in}
 * (allowed values), {@code unique}, {@code regex} (the whole value must match), {@code finite} (no
 * NaN or infinity). A column named here that the table lacks is a failed expectation.
 *
 * <p>The {@code report} output (METRICS, JSON) lists every expectation:
 * <pre>{@code
 * {"passed": false, "rows": 303, "failed_expectations": 1,
 *  "expectations": [{"column": "age", "expectation": "max 120", "passed": false, "observed": "150",
 *                    "failing_rows": 3, "examples": [{"row": 17, "value": "150"}, ...]}, ...]}
 * }</pre>
 * Metrics {@code rows} and {@code failed_expectations}. Stateless and thread-safe.
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
 *         MonthlyCharges: {type: double, finite: true}
 *         Churn: {in: [Yes, No]}
 * }</pre>
 */
public final class ExpectComponent implements Component {
    /** {@code columns} (column to expectations) and {@code rows} ({@code {min, max}}) are maps. */
    private static final ParamType MAP_PARAM = ParamType.MAP;

    static final ComponentSpec SPEC = ComponentSpec.builder("expect", "1")
            .description("Checks expectations on a table's columns and rows; a gate that fails the step when any fails.")
            .input("data", PortKind.TABLE, "the table to check")
            .output("data", PortKind.TABLE, "the same table, passed on only when every expectation holds")
            .output("report", PortKind.METRICS, "every expectation with its observed value, as JSON")
            .param(ParamSpec.of("columns", MAP_PARAM, Map.of()).withDoc("column -> {type, nulls, min, max, in, unique, regex, finite}"))
            .param(ParamSpec.of("rows", MAP_PARAM, Map.of()).withDoc("{min: N, max: N}"))
            .rule(ParamRule.check("columns holds known expectations", v -> problem(() -> columns(v.get("columns"))), "columns"))
            .rule(ParamRule.check("rows holds min and max", v -> problem(() -> rows(v.get("rows"))), "rows"))
            .metric("rows", "rows of the table").metric("failed_expectations", "expectations that do not hold")
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

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public void run(StepContext ctx) throws SQLException, IOException {
        Path input = ctx.input("data");
        Map<String, List<Expectation>> byColumn = columns(ctx.param("columns"));
        List<Expectation.Rows> rowChecks = rows(ctx.param("rows"));
        List<Outcome> outcomes = new ArrayList<>();
        long rows;
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            String source = "read_parquet(" + DuckSession.literal(input) + ", file_row_number = true)";
            db.execute("CREATE VIEW t AS SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS " + ExpectEvaluator.ROW + " FROM " + source);
            Schema schema = db.describe("read_parquet(" + DuckSession.literal(input) + ")");
            rows = db.queryLong("SELECT count(*) FROM t");
            ExpectEvaluator eval = new ExpectEvaluator(db, schema, rows);
            for (Expectation.Rows r : rowChecks) outcomes.add(eval.rows(r));
            for (Map.Entry<String, List<Expectation>> e : byColumn.entrySet()) {
                if (schema.find(e.getKey()).isEmpty()) {
                    outcomes.add(eval.missing(e.getKey()));
                    continue;
                }
                for (Expectation x : e.getValue()) outcomes.add(eval.evaluate(e.getKey(), x));
            }
        }
        List<Outcome> failed = outcomes.stream().filter(o -> !o.passed()).toList();
        writeReport(ctx, rows, outcomes, failed.size());
        ctx.metric("rows", rows);
        ctx.metric("failed_expectations", failed.size());
        if (!failed.isEmpty()) throw new PipelineException(failure(outcomes.size(), failed));
        copy(input, ctx.outputFile("data", "data.parquet"));
        ctx.log("expect: all " + outcomes.size() + " expectations hold on " + rows + " rows");
    }

    static String failure(int total, List<Outcome> failed) {
        StringBuilder sb = new StringBuilder("expect: ").append(failed.size()).append(" of ").append(total)
                .append(total == 1 ? " expectation failed:" : " expectations failed:");
        for (Outcome o : failed) sb.append("\n  ").append(o.message());
        sb.append("\n  Fix the data upstream, or change the expectation if the data is right; the 'report' output lists every expectation.");
        return sb.toString();
    }

    /** Accepts a map (column to expectations) or a list of one-key maps; see {@link #MAP_PARAM}. */
    static Map<String, List<Expectation>> columns(Object raw) {
        Map<String, List<Expectation>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries(raw, "columns", "columns: {age: {min: 0, max: 120}}").entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                throw new PipelineException("expect: column '" + e.getKey() + "' needs a map of expectations, e.g. {min: 0, max: 120}");
            }
            out.put(String.valueOf(e.getKey()), Expectation.parse(String.valueOf(e.getKey()), spec));
        }
        return out;
    }

    static List<Expectation.Rows> rows(Object raw) {
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

    private static void writeReport(StepContext ctx, long rows, List<Outcome> outcomes, int failed) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("column", o.column().isEmpty() ? null : o.column());
            item.put("expectation", o.expectation());
            item.put("passed", o.passed());
            item.put("observed", o.observed());
            item.put("failing_rows", o.failingRows());
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
