package dev.sluice.ml.data;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.exec.WarmsUp;
import dev.sluice.ml.DeclaredComponent;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;
import dev.sluice.ml.table.TableIO;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Reads a CSV file into a table with DuckDB's {@code read_csv} on the step's cores ({@link DuckCsv}), typed by the
 * rule written in {@link CsvTyping} (integer, double, date, timestamp, text, over every row; a text column holding only
 * {@code true}/{@code false} becomes boolean, while other words stay as written, so {@code Yes}/{@code No} labels keep
 * their spelling); force any type with {@code columns}. Version 2: version 1 also had a Java parser for well-formed
 * files (same types, other Parquet bytes), removed when it measured no faster on the whole step
 * (docs/replacements.md).
 *
 * <p>The delimiter ({@code ,} {@code ;} tab or {@code |}) and the quote ({@code "} or {@code '}) are sniffed from the
 * first lines when not given ({@link CsvDialect}; the log says what was chosen), and a header that reads as one
 * field holding {@code ;}, a tab, {@code |} or {@code :} fails the step naming the likely delimiter. A text column that is
 * numbers but for one repeated word ({@code ?}, {@code -}, {@code NA}...) gets a warning (a warn-only check
 * {@code column.null_marker}, shown in the run summary) and the metric {@code suspected_null_markers}: list the word
 * in {@code nulls} if it means "missing".
 *
 * <p>Data is never changed silently. Malformed rows (wrong number of fields, text that is not UTF-8, a value that
 * does not parse as its forced type) are never dropped: with {@code on_error: fail} (the default) the step fails
 * naming the file, the line and the field; with {@code on_error: quarantine} they go to the {@code rejects} table
 * (columns {@code line}, {@code raw}, {@code reason}; line numbers count the header as line 1) and the metric
 * {@code rejected_rows} counts them. {@code rejects} is always written, empty when nothing was rejected, so wiring
 * does not depend on the data. A quoted field that is never closed fails the step in both modes (no reader can tell
 * where the rows after it start). A file that is not a regular file (a named pipe, a device, a {@code /proc} file),
 * is empty, or is not UTF-8 text is refused ({@link CsvHead}). Messages name lines, fields and byte offsets, never
 * the file's text.
 *
 * <p>Metrics: {@code rows}, {@code columns}, {@code rejected_rows}, {@code suspected_null_markers}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * steps:
 *   load:
 *     uses: csv
 *     with:
 *       path: data/churn.csv            # relative to the pipeline file
 *       delimiter: ","                  # sniffed when left out; also quote
 *       header: true
 *       nulls: ["", " ", "NA"]          # a lone space means missing in this file
 *       columns: ["TotalCharges:double", "customerID:string"]
 *       on_error: quarantine
 * }</pre>
 */
public final class CsvComponent extends DeclaredComponent implements WarmsUp {
    private static final List<String> DEFAULT_NULLS = List.of("", "NA", "N/A", "null");
    static final ComponentSpec SPEC = ComponentSpec.builder("csv", "2")
            .description("Reads a CSV file into a table; malformed rows fail the step or go to 'rejects'.")
            .output("data", PortKind.TABLE, "the rows read")
            .output("rejects", PortKind.TABLE, "malformed rows (line, raw, reason) with on_error: quarantine; else empty")
            .param(ParamSpec.of("path", ParamType.PATH).withDoc("CSV file, relative to the pipeline folder"))
            .param(ParamSpec.optional("delimiter", ParamType.STRING).withDoc("field delimiter; sniffed among , ; tab | when left out"))
            .param(ParamSpec.optional("quote", ParamType.STRING).withDoc("quote character; \" unless the file quotes with ' (sniffed when left out)"))
            .param(ParamSpec.of("header", ParamType.BOOL, true).withDoc("whether the first line names the columns"))
            .param(ParamSpec.of("on_error", ParamType.ENUM, "fail").withAllowed(List.of("fail", "quarantine"))
                    .withDoc("a malformed row fails the step (fail) or goes to rejects (quarantine)"))
            .param(ParamSpec.of("columns", ParamType.LIST, List.of())
                    .withDoc("forced types as name:type; type is int, double, string, bool, date, timestamp or a DuckDB type"))
            .param(ParamSpec.of("nulls", ParamType.LIST, DEFAULT_NULLS).withDoc("texts that mean a missing value"))
            .param(ParamSpec.of("parser", ParamType.ENUM, "auto").withAllowed(List.of("auto", "duckdb"))
                    .withDoc("accepted for older pipeline files; both values read with DuckDB's read_csv"))
            .rule(ParamRule.check("delimiter is not empty", v -> String.valueOf(v.get("delimiter")).isEmpty()
                    ? Optional.of("delimiter must not be empty; write e.g. delimiter: \";\"") : Optional.empty(), "delimiter"))
            .rule(ParamRule.check("each columns entry is name:type", v -> ruleProblem(() -> CsvSettings.forcedTypes(listOf(v.get("columns")))),
                    "columns"))
            .metric("rows", "rows read").metric("columns", "columns read")
            .metric("rejected_rows", "malformed rows quarantined in rejects")
            .metric("suspected_null_markers", "numeric columns holding a word such as ? or NA that nulls: should list")
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
     * Loads DuckDB and opens the process's shared database ({@link DuckSession#shared()}): the first open of a DuckDB
     * database in a process takes 0.2–0.35 s here, most of it loading the native library, and a run's first step is
     * often this one.
     */
    @Override
    public void warmUp() {
        DuckSession.shared().close();
    }

    public CsvComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        CsvSettings settings = CsvSettings.of(ctx);
        CsvHead head = CsvHead.read(settings.file(), settings.shown());
        CsvDialect dialect = CsvDialect.of(head, settings.delimiter(), settings.quote(), settings.header(), settings.shown());
        if (!dialect.how().equals("given")) {
            ctx.log("csv: delimiter " + CsvDialect.name(dialect.delimiter().charAt(0)) + ", quote "
                    + CsvDialect.name(dialect.quote()) + " (" + dialect.how() + ")");
        }
        List<CsvNullMarkers.Suspect> suspects = read(ctx, settings, dialect, head);
        ctx.metric("suspected_null_markers", suspects.size());
        for (CsvNullMarkers.Suspect s : suspects) {
            ctx.log("csv: warning: " + s.warning(settings.nulls()));
            ctx.check(s.check(settings.nulls()));   // shown as a warning in the run summary; the step succeeds
        }
    }

    /**
     * Reads {@code file} as a step with the default parameters would, into table {@code data} of {@code db}, and
     * returns its row count; a malformed row fails. For benchmarks that time the load alone ({@code CsvLoadTiming}).
     */
    public static long load(DuckSession db, Path file, Path scratch) throws SQLException {
        CsvSettings settings = new CsvSettings(file.toString(), file, Optional.empty(), Optional.empty(), true,
                DEFAULT_NULLS, java.util.Map.of(), false);
        CsvHead head = CsvHead.read(file, settings.shown());
        CsvDialect dialect = CsvDialect.of(head, Optional.empty(), Optional.empty(), true, settings.shown());
        List<CsvReject> rejects = DuckCsv.read(db, settings, dialect, head, scratch);
        if (!rejects.isEmpty()) throw new PipelineException(CsvReject.failure(settings.shown(), rejects));
        return db.queryLong("SELECT count(*) FROM data");
    }

    /**
     * Reads with DuckDB ({@link DuckCsv}) and writes both tables; returns the likely null markers of {@code data}.
     * Then keeps {@code data} in memory for the next steps of this process that read it ({@link TableIO#remember}):
     * without it each of them decoded the Parquet file again (churn's training pipeline ran 1.3x slower,
     * bench/house/RESULTS.md).
     */
    private static List<CsvNullMarkers.Suspect> read(StepContext ctx, CsvSettings settings, CsvDialect dialect, CsvHead head)
            throws SQLException {
        Path data = ctx.outputFile("data", "data.parquet");
        List<CsvNullMarkers.Suspect> suspects = load(ctx, settings, dialect, head, data);
        TableIO.remember(data);
        return suspects;
    }

    private static List<CsvNullMarkers.Suspect> load(StepContext ctx, CsvSettings settings, CsvDialect dialect, CsvHead head,
                                                     Path data) throws SQLException {
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            List<CsvReject> rejects = DuckCsv.read(db, settings, dialect, head, ctx.workDir());
            if (!rejects.isEmpty() && !settings.quarantine()) throw new PipelineException(CsvReject.failure(settings.shown(), rejects));
            Schema schema = db.describe("data");
            long rows = db.queryLong("SELECT count(*) FROM data");
            db.copyToParquet("SELECT * FROM data", data);
            db.copyToParquet("SELECT * FROM rejects ORDER BY line", ctx.outputFile("rejects", "rejects.parquet"));
            ctx.metric("rows", rows);
            ctx.metric("columns", schema.size());
            ctx.metric("rejected_rows", rejects.size());
            ctx.log("csv: " + rows + " rows x " + schema.size() + " columns from " + settings.shown()
                    + (rejects.isEmpty() ? "" : ", " + rejects.size() + " malformed rows quarantined in 'rejects'"));
            List<String> text = schema.fields().stream().filter(f -> f.sqlType().equals("VARCHAR")).map(Schema.Field::name).toList();
            return CsvNullMarkers.find(db, "data", text);
        }
    }
}
