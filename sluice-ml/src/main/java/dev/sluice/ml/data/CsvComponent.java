package dev.sluice.ml.data;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.api.WarmsUp;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.Schema;
import dev.sluice.ml.table.TableIO;
import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a CSV file into a table. Well-formed files are parsed in Java on the step's cores
 * ({@link FastCsv}, straight into primitive columns); anything it declines (malformed rows, dates,
 * other forced types...) is read by DuckDB's {@code read_csv}, with the same types. Types are sniffed among integer,
 * double, date, timestamp and text; a text column holding only {@code true}/{@code false} becomes
 * boolean, while other words stay as written ({@code Yes}/{@code No} is text, so labels keep their
 * spelling); force any type with {@code columns}. Malformed rows (wrong number of fields, a value that does not parse as its
 * column's type) are never dropped silently: with {@code on_error: fail} (the default) the step
 * fails naming the file, the line and the problem; with {@code on_error: quarantine} they go to the
 * {@code rejects} table (columns {@code line}, {@code raw}, {@code reason}; line numbers count the
 * header as line 1) and the metric {@code rejected_rows} counts them. {@code rejects} is always
 * written, empty when nothing was rejected, so wiring does not depend on the data.
 *
 * <p>Metrics: {@code rows}, {@code columns}, {@code rejected_rows}. Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   load:
 *     uses: csv
 *     with:
 *       path: data/churn.csv            # relative to the pipeline file
 *       nulls: ["", " ", "NA"]          # a lone space means missing in this file
 *       columns: ["TotalCharges:double", "customerID:string"]
 *       on_error: quarantine
 * }</pre>
 */
public final class CsvComponent implements Component, WarmsUp {
    private static final Logger LOG = LoggerFactory.getLogger(CsvComponent.class);
    static final ComponentSpec SPEC = ComponentSpec.builder("csv", "1")
            .description("Reads a CSV file into a table; malformed rows fail the step or go to 'rejects'.")
            .output("data", PortKind.TABLE, "the rows read")
            .output("rejects", PortKind.TABLE, "malformed rows (line, raw, reason) with on_error: quarantine; else empty")
            .param(ParamSpec.of("path", ParamType.PATH).withDoc("CSV file, relative to the pipeline folder"))
            .param(ParamSpec.of("delimiter", ParamType.STRING, ",").withDoc("the field separator"))
            .param(ParamSpec.of("header", ParamType.BOOL, true).withDoc("whether the first line names the columns"))
            .param(ParamSpec.of("on_error", ParamType.ENUM, "fail").withAllowed(List.of("fail", "quarantine"))
                    .withDoc("a malformed row fails the step (fail) or goes to rejects (quarantine)"))
            .param(ParamSpec.of("columns", ParamType.LIST, List.of())
                    .withDoc("forced types as name:type; type is int, double, string, bool, date, timestamp or a DuckDB type"))
            .param(ParamSpec.of("nulls", ParamType.LIST, List.of("", "NA", "N/A", "null")).withDoc("texts that mean a missing value"))
            .param(ParamSpec.of("parser", ParamType.ENUM, "auto").withAllowed(List.of("auto", "duckdb"))
                    .withDoc("auto: the Java parser for well-formed files, DuckDB for the rest; duckdb: always DuckDB's read_csv"))
            .rule(ParamRule.check("delimiter is not empty", v -> String.valueOf(v.get("delimiter")).isEmpty()
                    ? Optional.of("delimiter must not be empty; write e.g. delimiter: \";\"") : Optional.empty(), "delimiter"))
            .rule(ParamRule.check("each columns entry is name:type", v -> ruleProblem(() -> forcedTypes(listOf(v.get("columns")))),
                    "columns"))
            .metric("rows", "rows read").metric("columns", "columns read")
            .metric("rejected_rows", "malformed rows quarantined in rejects")
            .build();

    /** What {@code check} throws, as a rule's message, or empty when it passes. */
    static Optional<String> ruleProblem(Runnable check) {
        try {
            check.run();
            return Optional.empty();
        } catch (PipelineException e) {
            return Optional.of(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> listOf(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /**
     * Opens the process's shared DuckDB database ({@link DuckSession#shared()}), which the step writes its tables
     * through: the first open in a process takes 0.2–0.35 s here, and a run's first step is often this one, so it
     * overlaps the parse.
     */
    @Override
    public void warmUp() {
        DuckSession.shared().close();
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        String shown = ctx.stringParam("path");
        Path file = ctx.resolve(shown);
        if (!Files.isRegularFile(file)) {
            throw new PipelineException("csv: file '" + shown + "' does not exist (looked for " + file
                    + "); paths are relative to the pipeline folder");
        }
        boolean quarantine = ctx.stringParam("on_error").equals("quarantine");
        String forcedSql = forcedTypes(ctx.listParam("columns"));   // validates the entries for both readers
        FastCsv.Result fast = ctx.stringParam("parser").equals("duckdb") ? new FastCsv.Declined("parser: duckdb")
                : fastOptions(ctx).map(o -> readFast(file, o, ctx.cpus()))
                        .orElse(new FastCsv.Declined("a delimiter of more than one character"));
        if (fast instanceof FastCsv.Parsed parsed) {
            writeFast(ctx, shown, parsed.frame());
            return;
        }
        LOG.debug("csv: {} is read by DuckDB: {}", shown, ((FastCsv.Declined) fast).reason());
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            load(db, file, shown, ctx, forcedSql);
            promoteBooleans(db, ctx.listParam("columns"));
            List<CsvReject> rejects = CsvReject.collect(db, "csv_rejects");
            if (!rejects.isEmpty() && !quarantine) throw new PipelineException(CsvReject.failure(shown, rejects));
            writeRejects(db, rejects);
            Schema schema = db.describe("data");
            long rows = db.queryLong("SELECT count(*) FROM data");
            db.copyToParquet("SELECT * FROM data", ctx.outputFile("data", "data.parquet"));
            db.copyToParquet("SELECT * FROM rejects ORDER BY line", ctx.outputFile("rejects", "rejects.parquet"));
            ctx.metric("rows", rows);
            ctx.metric("columns", schema.size());
            ctx.metric("rejected_rows", rejects.size());
            ctx.log("csv: " + rows + " rows x " + schema.size() + " columns from " + shown
                    + (rejects.isEmpty() ? "" : ", " + rejects.size() + " malformed rows quarantined in 'rejects'"));
        }
    }

    /** The options of {@link FastCsv}, or empty when the delimiter is not a single character. */
    private static Optional<CsvOptions> fastOptions(StepContext ctx) {
        String delimiter = ctx.stringParam("delimiter");
        if (delimiter.length() != 1) return Optional.empty();
        Map<String, ColumnType> forced = new LinkedHashMap<>();
        for (Object entry : ctx.listParam("columns")) {
            String spec = String.valueOf(entry);
            int colon = spec.lastIndexOf(':');
            String type = sqlType(spec.substring(colon + 1).trim(), spec);
            forced.put(spec.substring(0, colon).trim(), switch (type) {
                case "BIGINT" -> ColumnType.LONG;
                case "DOUBLE" -> ColumnType.DOUBLE;
                case "VARCHAR" -> ColumnType.STRING;
                default -> ColumnType.BOOL;   // BOOLEAN, DATE, TIMESTAMP, other DuckDB types: FastCsv declines
            });
        }
        List<String> nulls = ctx.listParam("nulls").stream().map(String::valueOf).toList();
        return Optional.of(new CsvOptions(delimiter.charAt(0), ctx.boolParam("header"), nulls, forced));
    }

    private static FastCsv.Result readFast(Path file, CsvOptions options, int threads) {
        try {
            return FastCsv.read(file, options, threads);
        } catch (IOException e) {
            throw new PipelineException("csv: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The table {@link FastCsv} parsed, written as Parquet, and an empty {@code rejects} (it parses only well-formed files). */
    private static void writeFast(StepContext ctx, String shown, Frame frame) {
        TableIO.write(frame, ctx.outputFile("data", "data.parquet"));
        // the rejects table's columns as writeRejects creates them, with no rows, on the same shared database
        TableIO.write(new Frame(List.of(new Column.Longs("line", new long[0], null), new Column.Strings("raw", new String[0]),
                new Column.Strings("reason", new String[0]))), ctx.outputFile("rejects", "rejects.parquet"));
        ctx.metric("rows", frame.rows());
        ctx.metric("columns", frame.columns().size());
        ctx.metric("rejected_rows", 0);
        ctx.log("csv: " + frame.rows() + " rows x " + frame.columns().size() + " columns from " + shown);
    }

    private static void load(DuckSession db, Path file, String shown, StepContext ctx, String types) {
        String options = String.join(", ",
                "delim = " + DuckSession.literal(ctx.stringParam("delimiter")),
                "header = " + ctx.boolParam("header"),
                "nullstr = " + stringList(ctx.listParam("nulls")),
                // BOOLEAN is left out: DuckDB would read Yes/No as true/false; see promoteBooleans
                "auto_type_candidates = ['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']",
                "store_rejects = true",
                "rejects_table = 'csv_rejects'",
                "rejects_scan = 'csv_scans'");
        String sql = "CREATE TABLE data AS SELECT * FROM read_csv(" + DuckSession.literal(file) + ", " + options
                + (types.isEmpty() ? "" : ", types = {" + types + "}") + ")";
        try {
            db.execute(sql);
        } catch (SQLException e) {
            throw new PipelineException("csv: cannot read '" + shown + "': " + e.getMessage()
                    + "\n  Check delimiter, header and columns (the forced types must name columns of the file).", e);
        }
    }

    /** Text columns holding only true/false (any case) become BOOLEAN; other words such as Yes/No stay text. */
    private static void promoteBooleans(DuckSession db, List<Object> forced) throws SQLException {
        List<String> forcedNames = forced.stream().map(String::valueOf)
                .map(s -> s.substring(0, Math.max(0, s.lastIndexOf(':'))).trim()).toList();
        List<String> text = db.describe("data").fields().stream()
                .filter(f -> f.sqlType().equals("VARCHAR") && !forcedNames.contains(f.name()))
                .map(Schema.Field::name).toList();
        if (text.isEmpty()) return;
        String checks = text.stream()
                .map(c -> "coalesce(bool_and(lower(" + DuckSession.ident(c) + ") IN ('true', 'false')), false)")
                .collect(Collectors.joining(", "));
        List<String> promote = new java.util.ArrayList<>();
        try (var st = db.connection().createStatement(); var rs = st.executeQuery("SELECT " + checks + " FROM data")) {
            rs.next();
            for (int i = 0; i < text.size(); i++) if (rs.getBoolean(i + 1)) promote.add(text.get(i));
        }
        for (String c : promote) {
            db.execute("ALTER TABLE data ALTER " + DuckSession.ident(c) + " TYPE BOOLEAN USING lower(" + DuckSession.ident(c) + ") = 'true'");
        }
    }

    private static void writeRejects(DuckSession db, List<CsvReject> rejects) throws SQLException {
        db.execute("CREATE TABLE rejects (line BIGINT, raw VARCHAR, reason VARCHAR)");
        try (DuckDBAppender app = db.connection().createAppender("main", "rejects")) {
            for (CsvReject r : rejects) {
                app.beginRow().append(r.line()).append(r.raw()).append(r.reason()).endRow();
            }
        }
    }

    private static String stringList(List<Object> values) {
        return values.stream().map(v -> DuckSession.literal(String.valueOf(v)))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code ["age:int", "name:string"]} to {@code 'age': 'BIGINT', 'name': 'VARCHAR'}. */
    static String forcedTypes(List<Object> columns) {
        return columns.stream().map(String::valueOf).map(CsvComponent::forcedType).collect(Collectors.joining(", "));
    }

    private static String forcedType(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new PipelineException("csv: columns entry '" + spec + "' must be name:type, e.g. 'age:int'");
        }
        String name = spec.substring(0, colon).trim();
        String type = spec.substring(colon + 1).trim();
        return DuckSession.literal(name) + ": " + DuckSession.literal(sqlType(type, spec));
    }

    private static String sqlType(String type, String spec) {
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "int", "long", "integer", "bigint" -> "BIGINT";
            case "double", "float", "number" -> "DOUBLE";
            case "string", "text", "varchar" -> "VARCHAR";
            case "bool", "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "timestamp", "datetime" -> "TIMESTAMP";
            default -> {
                if (!type.matches("[A-Za-z][A-Za-z0-9_ ,()]*")) {
                    throw new PipelineException("csv: columns entry '" + spec + "' has an unknown type '" + type
                            + "'; use int, double, string, bool, date, timestamp or a DuckDB type");
                }
                yield type.toUpperCase(java.util.Locale.ROOT);
            }
        };
    }
}
