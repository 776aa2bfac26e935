package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.spark.SparkTables;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/**
 * The table components {@code parquet}, {@code sql} and {@code split} as Spark jobs: same parameters, outputs, metrics,
 * log lines and errors as {@link ParquetComponent}, {@link SqlComponent} and {@link SplitComponent} (whose package it
 * shares, to use their checks and {@link SplitPlan}, so a split assigns every row to the same part on both engines).
 * On Spark, {@code query} is Spark SQL. Stateless.
 */
public final class SparkTableSteps {
    private static final String ROW = "__sluice_row";

    private SparkTableSteps() {}

    /** {@code parquet}: reads the file and writes it as the step's table. */
    public static void parquet(SparkSession spark, StepContext ctx) {
        String shown = ctx.stringParam("path");
        Path file = ctx.resolve(shown);
        if (!Files.isRegularFile(file)) {
            throw new PipelineException("parquet: file '" + shown + "' does not exist (looked for " + file
                    + "); paths are relative to the pipeline folder");
        }
        Dataset<Row> table;
        try {
            table = SparkTables.read(spark, file);
        } catch (RuntimeException e) {
            throw new PipelineException("parquet: cannot read '" + shown + "' as Parquet: " + e.getMessage(), e);
        }
        Path out = ctx.outputFile("data", "data.parquet");
        SparkTables.write(table, out);
        TableSteps.record(ctx, "parquet", SparkTables.read(spark, out).count(), table.columns().length);
    }

    /** {@code sql}: the query, in Spark SQL, over the input tables as temporary views named by {@code names}. */
    public static void sql(SparkSession spark, StepContext ctx) {
        List<Path> tables = ctx.inputs("tables");
        List<String> names = SqlComponent.viewNames(tables.size(), ctx.listParam("names"));
        List<String> described = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Dataset<Row> t = SparkTables.read(spark, tables.get(i));
            t.createOrReplaceTempView(names.get(i));
            described.add(names.get(i) + " (" + String.join(", ", t.columns()) + ")");
        }
        String query = ctx.stringParam("query").strip();
        if (query.endsWith(";")) query = query.substring(0, query.length() - 1);
        if (tables.size() == 1) query = excludeToColumns(query, SparkTables.read(spark, tables.get(0)).columns());
        Path out = ctx.outputFile("data", "data.parquet");
        Dataset<Row> result;
        try {
            result = spark.sql(query);
            SparkTables.write(result, out);
        } catch (PipelineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PipelineException("sql: query failed: " + e.getMessage() + "\n  tables: "
                    + (described.isEmpty() ? "none wired" : String.join("; ", described)), e);
        }
        long rows = SparkTables.read(spark, out).count();
        if (rows == 0 && !ctx.boolParam("allow_empty")) {
            List<String> sizes = new ArrayList<>();
            for (String n : names) sizes.add(n + " " + spark.table(n).count() + " rows");
            throw new PipelineException("sql: the query returned no rows (inputs: " + (sizes.isEmpty() ? "none" : String.join(", ", sizes))
                    + "); check its filters and the upstream steps, or set allow_empty: true if an empty table is expected");
        }
        TableSteps.record(ctx, "sql", rows, result.columns().length);
    }

    private static final java.util.regex.Pattern EXCLUDE =
            java.util.regex.Pattern.compile("(?i)\\*\\s+EXCLUDE\\s*\\(([^()]*)\\)");

    /**
     * DuckDB's {@code SELECT * EXCLUDE (a, b)}, which Spark SQL lacks, over the one input table: the star becomes that
     * table's other columns, quoted, so a query written for DuckDB in that form runs the same on Spark. An excluded
     * name the table does not have is an error, as on DuckDB.
     */
    static String excludeToColumns(String query, String[] columns) {
        java.util.regex.Matcher m = EXCLUDE.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> excluded = new ArrayList<>();
            for (String n : m.group(1).split(",")) excluded.add(n.strip().replaceAll("^[\"`]|[\"`]$", "").toLowerCase(java.util.Locale.ROOT));
            List<String> kept = new ArrayList<>();
            for (String c : columns) if (!excluded.remove(c.toLowerCase(java.util.Locale.ROOT))) kept.add("`" + c.replace("`", "``") + "`");
            if (!excluded.isEmpty()) {
                throw new PipelineException("sql: EXCLUDE names " + excluded + ", which the input table does not have; it has "
                        + String.join(", ", columns));
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(String.join(", ", kept)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@code split}: the driver plans which part each row goes to with the local split's own {@link SplitPlan} (the row
     * count, and for {@code stratified} or {@code time} the one column it needs); a Spark job then writes each part in
     * the input's row order, rows found by Parquet's row index.
     */
    public static void split(SparkSession spark, StepContext ctx) throws SQLException {
        Path input = ctx.input("data");
        SplitPlan plan = SplitPlan.of(ctx);
        Dataset<Row> data = SparkTables.read(spark, input);
        plan.column().ifPresent(c -> {
            if (!List.of(data.columns()).contains(c)) {
                throw new PipelineException("split: input 'data' has no column '" + c + "'; it has " + String.join(", ", data.columns()));
            }
        });
        byte[] parts;
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            String source = "read_parquet(" + DuckSession.literal(input) + ", file_row_number = true)";
            long rows = data.count();
            parts = plan.assign(db, source, Math.toIntExact(rows));
        }
        long[] sizes = new long[3];
        for (byte p : parts) sizes[p]++;
        String[] outputs = {"train", "test", "validation"};
        for (int p = 0; p < 3; p++) {
            if (sizes[p] == 0 && (p != 2 || plan.validation() > 0)) {
                throw new PipelineException("split: the " + outputs[p] + " part would be empty (" + parts.length + " rows, test "
                        + plan.test() + ", validation " + plan.validation() + "); use more rows or change the fractions");
            }
        }
        Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(parts);
        UserDefinedFunction partOf = udf((UDF1<Long, Byte>) row -> shared.value()[Math.toIntExact(row)], DataTypes.ByteType);
        Dataset<Row> numbered = data.select(col("*"), col("_metadata.row_index").as(ROW));
        for (int p = 0; p < outputs.length; p++) {
            Dataset<Row> part = numbered.filter(partOf.apply(col(ROW)).equalTo((byte) p)).orderBy(ROW).drop(ROW);
            SparkTables.write(part, ctx.outputFile(outputs[p], outputs[p] + ".parquet"));
            ctx.metric(outputs[p] + "_rows", sizes[p]);
        }
        shared.destroy();
        ctx.log("split (" + plan.describe() + "): train " + sizes[0] + ", test " + sizes[1]
                + ", validation " + sizes[2] + " rows");
    }
}
