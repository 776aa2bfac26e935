package dev.sluice.ml.check;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.DeclaredComponent;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Describes every column of a table: the profile that documents a training set and the reference
 * the drift monitor compares live data with. Output {@code profile} (METRICS) is a JSON object:
 *
 * <pre>{@code
 * {"format": "sluice-profile/1",
 *  "rows": 303,
 *  "columns": {
 *    "tenure": {"type": "int", "sql_type": "BIGINT",
 *               "count": 303, "nulls": 0, "nan": 0, "infinite": 0,
 *               "min": 0.0, "max": 72.0, "mean": 31.2, "std": 24.1,
 *               "quantiles": {"probabilities": [0.0, 0.1, ..., 1.0], "values": [0.0, 2.0, ..., 72.0]},
 *               "histogram": {"edges": [0.0, 2.0, ..., 72.0], "counts": [27, 31, ...]},
 *               "percentiles": {"probabilities": [0.0, 0.01, ..., 1.0], "values": [0.0, 1.0, ..., 72.0]}},
 *    "Churn":  {"type": "string", "sql_type": "VARCHAR", "count": 303, "nulls": 0, "distinct": 2,
 *               "frequencies": [{"value": "No", "count": 226}, {"value": "Yes", "count": 77}],
 *               "other": 0}}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code type} is int, double, string or bool; {@code count} is the number of usable values:
 *       non-null, and for numbers finite. {@code nulls}, {@code nan} and {@code infinite} count the
 *       others separately (nan and infinite only for numeric columns), so
 *       {@code count + nulls + nan + infinite = rows}.</li>
 *   <li>Numeric statistics use finite values only. {@code std} is the sample standard deviation (null
 *       below two values); {@code quantiles} interpolate linearly between order statistics (DuckDB
 *       {@code quantile_cont}, NumPy's default), at 0, 0.1, ..., 1.</li>
 *   <li>{@code histogram.edges} are the distinct quantile values in ascending order, so bins hold about
 *       a tenth of the values each; bin {@code i} is {@code [edges[i], edges[i+1])}, the last bin also
 *       holds its upper edge. A constant column has edges {@code [v, v]} and one bin. To compare live
 *       data (PSI), bin it with the same edges, counting values below the first edge in the first bin
 *       and above the last edge in the last bin.</li>
 *   <li>{@code percentiles} are the same interpolated quantiles at 0, 0.01, ..., 1: the reference CDF the drift
 *       monitor's Kolmogorov-Smirnov test interpolates. Profiles written before this key existed (or reused from
 *       the cache of such a run) lack it; readers fall back to {@code quantiles}.</li>
 *   <li>Text and boolean columns carry {@code distinct}, the 50 most frequent values (by count, then
 *       value) as {@code frequencies}, and {@code other}, the count of all remaining values.</li>
 * </ul>
 * Metrics {@code rows}, {@code columns}. Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   reference: {uses: profile, inputs: {data: split.train}}
 * }</pre>
 */
public final class ProfileComponent extends DeclaredComponent {
    /** The value of the {@code format} field; bump when the JSON changes incompatibly. */
    public static final String FORMAT = "sluice-profile/1";

    static final ComponentSpec SPEC = ComponentSpec.builder("profile", "1")
            .description("Profiles every column (counts, statistics, deciles, histogram, frequencies) as JSON.")
            .input("data", PortKind.TABLE, "the table to profile, typically the training table")
            .output("profile", PortKind.METRICS, "the profile JSON (format sluice-profile/1), the drift monitor's reference")
            .metric("rows", "rows of the table").metric("columns", "columns profiled")
            .build();

    public ProfileComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException, IOException {
        Path input = ctx.input("data");
        Map<String, Object> profile = new LinkedHashMap<>();
        Schema schema;
        long rows;
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            db.view("t", input);
            schema = db.describe("t");
            rows = db.queryLong("SELECT count(*) FROM t");
            ColumnProfiler profiler = new ColumnProfiler(db);
            Map<String, Object> columns = new LinkedHashMap<>();
            for (Schema.Field f : schema.fields()) columns.put(f.name(), profiler.profile(f));
            profile.put("format", FORMAT);
            profile.put("rows", rows);
            profile.put("columns", columns);
        }
        ExpectComponent.writeJson(profile, ctx.outputFile("profile", "profile.json"));
        ctx.metric("rows", rows);
        ctx.metric("columns", schema.size());
        ctx.log("profile: " + schema.size() + " columns over " + rows + " rows");
    }
}
