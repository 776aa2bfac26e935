package dev.sluice.ml.data;

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
import org.duckdb.DuckDBAppender;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Splits a table into {@code train}, {@code test} and {@code validation} (empty when
 * {@code validation: 0}). Each part keeps the input's row order.
 *
 * <ul>
 *   <li>{@code random}: a seeded shuffle; {@code ceil(rows * test)} rows go to test, {@code ceil(rows * validation)}
 *       to validation (scikit-learn's rule, see {@link SplitSizes}).</li>
 *   <li>{@code stratified}: the same totals, shared among the values of {@code stratify} (nulls are one group) in
 *       proportion, the rows left over going to the largest remainders, then a seeded shuffle within each
 *       group; every part keeps the class proportions and the sizes are those of {@code random}.</li>
 *   <li>{@code time}: ordered by {@code time_column}; the latest rows go to test, the ones just before
 *       them to validation. Nulls in the time column fail the step.</li>
 *   <li>{@code ordered}: by row order, for a table already in time order without a date column: the first
 *       rows go to train, then validation, the last rows to test; no column and no seed needed.</li>
 * </ul>
 * The assignment depends only on the row count, the seed and (stratified, time) the column's values,
 * so a seed always gives the same split. Metrics {@code train_rows}, {@code test_rows},
 * {@code validation_rows}. Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   split:
 *     uses: split
 *     inputs: {data: check.data}
 *     with: {test: 0.2, validation: 0.1, method: stratified, stratify: Churn, seed: 7}
 * }</pre>
 */
public final class SplitComponent extends DeclaredComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("split", "1")
            .description("Splits a table into train, test and validation (random, stratified, by time or by row order).")
            .input("data", PortKind.TABLE, "the table to split")
            .output("train", PortKind.TABLE, "the training rows")
            .output("test", PortKind.TABLE, "the test rows")
            .output("validation", PortKind.TABLE, "the validation rows; empty with validation: 0")
            .param(ParamSpec.of("test", ParamType.DOUBLE, 0.2).withBounds(0.0, 1.0).withDoc("fraction of rows for test, 0 < x < 1"))
            .param(ParamSpec.of("validation", ParamType.DOUBLE, 0.0).withBounds(0.0, 1.0).withDoc("fraction for validation, 0 for none"))
            .param(ParamSpec.of("method", ParamType.ENUM, "random").withAllowed(List.of("random", "stratified", "time", "ordered"))
                    .withDoc("random (seeded shuffle), stratified (keeps the proportions of 'stratify'), time (latest rows of"
                            + " 'time_column' to test) or ordered (by row order: first rows train, last rows test)"))
            .param(ParamSpec.optional("stratify", ParamType.STRING).withDoc("column whose proportions every part keeps (method: stratified)"))
            .param(ParamSpec.optional("time_column", ParamType.STRING).withDoc("column ordering rows in time (method: time)"))
            .param(ParamSpec.of("seed", ParamType.INT, 42L).withDoc("seed of the shuffle: the same seed gives the same split"))
            .rule(ParamRule.requiredWhen("stratify", "method", "stratified"))
            .rule(ParamRule.requiredWhen("time_column", "method", "time"))
            .rule(ParamRule.check("0 < test < 1", v -> v.get("test") instanceof Double t && (t <= 0 || t >= 1)
                    ? Optional.of("test = " + t + " must be between 0 and 1 (exclusive)") : Optional.empty(), "test"))
            .rule(ParamRule.check("test + validation < 1", v -> v.get("test") instanceof Double t
                    && v.get("validation") instanceof Double w && t + w >= 1
                    ? Optional.of("test + validation = " + (t + w) + " leaves no rows for train; keep the sum below 1")
                    : Optional.empty(), "test", "validation"))
            .metric("train_rows", "rows in train").metric("test_rows", "rows in test")
            .metric("validation_rows", "rows in validation")
            .build();

    public SplitComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        Path input = ctx.input("data");
        SplitPlan plan = SplitPlan.of(ctx);
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            String source = "read_parquet(" + DuckSession.literal(input) + ", file_row_number = true)";
            Schema schema = db.describe("read_parquet(" + DuckSession.literal(input) + ")");
            plan.column().ifPresent(c -> schema.require(c, "split: input 'data'"));
            long rows = db.queryLong("SELECT count(*) FROM " + source);
            byte[] parts = plan.assign(db, source, Math.toIntExact(rows));
            long[] sizes = upload(db, parts);
            checkSizes(plan, rows, sizes);
            String[] outputs = {"train", "test", "validation"};
            for (int p = 0; p < outputs.length; p++) {
                db.copyToParquet("SELECT t.* EXCLUDE (file_row_number) FROM " + source + " t JOIN parts ON t.file_row_number = parts.row"
                        + " WHERE parts.part = " + p + " ORDER BY t.file_row_number", ctx.outputFile(outputs[p], outputs[p] + ".parquet"));
                ctx.metric(outputs[p] + "_rows", sizes[p]);
            }
            ctx.log("split (" + plan.describe() + "): train " + sizes[0] + ", test " + sizes[1]
                    + ", validation " + sizes[2] + " rows");
        }
    }

    /** Stores the assignment as table {@code parts(row, part)}; returns the size of each part. */
    private static long[] upload(DuckSession db, byte[] parts) throws SQLException {
        db.execute("CREATE TABLE parts (row BIGINT, part TINYINT)");
        long[] sizes = new long[3];
        try (DuckDBAppender app = db.connection().createAppender("main", "parts")) {
            for (int i = 0; i < parts.length; i++) {
                app.beginRow().append((long) i).append(parts[i]).endRow();
                sizes[parts[i]]++;
            }
        }
        return sizes;
    }

    private static void checkSizes(SplitPlan plan, long rows, long[] sizes) {
        String[] names = {"train", "test", "validation"};
        for (int p = 0; p < 3; p++) {
            if (sizes[p] == 0 && (p != 2 || plan.validation() > 0)) {
                throw new PipelineException("split: the " + names[p] + " part would be empty (" + rows + " rows, test "
                        + plan.test() + ", validation " + plan.validation() + "); use more rows or change the fractions");
            }
        }
    }
}
