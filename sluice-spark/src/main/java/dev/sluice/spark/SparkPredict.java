package dev.sluice.spark;

import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;
import dev.sluice.serve.model.RowValues;
import dev.sluice.serve.model.ScoringModel;
import dev.sluice.serve.model.SparkRows;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * {@code predict} on Spark: each partition loads the model folder once with the compiled pure-Java evaluator of
 * {@code sluice serve} ({@link ScoringModel}) and scores its rows inside {@code mapPartitions}. The output is the local
 * step's: the input columns, {@code prediction} (the label of the highest output, or the value of a regression) and
 * {@code probability_<label>} per class, in the input's row order. Stateless.
 */
public final class SparkPredict {
    private SparkPredict() {}

    public static void run(SparkSession spark, StepContext ctx) throws Exception {
        Path modelDir = ctx.input("model");
        ScoringModel probe = ScoringModel.load(modelDir);
        Dataset<Row> data = SparkTables.read(spark, ctx.input("data"));
        List<String> names = Arrays.asList(data.columns());
        int[] columns = new int[probe.schema().size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = names.indexOf(probe.schema().name(i));
            if (columns[i] < 0) {
                throw new PipelineException("predict: the table has no column '" + probe.schema().name(i)
                        + "', which the model takes; it has " + String.join(", ", names));
            }
        }
        boolean classification = probe.classification();
        List<String> labels = List.copyOf(probe.labels());
        StructType out = data.schema().add(free(names, "prediction"), classification ? DataTypes.StringType : DataTypes.DoubleType);
        if (classification) for (String l : labels) out = out.add(free(names, "probability_" + l), DataTypes.DoubleType);
        String dir = modelDir.toString();
        int width = names.size();
        LongAccumulator unseen = spark.sparkContext().longAccumulator("unseen categories");
        MapPartitionsFunction<Row, Row> score = rows -> {
            ScoringModel model = ScoringModel.load(Path.of(dir));
            RowValues values = new RowValues(model.schema());
            double[] features = new double[model.features()];
            double[] outputs = new double[model.outputs()];
            return new Iterator<>() {
                @Override public boolean hasNext() { return rows.hasNext(); }

                @Override
                public Row next() {
                    Row row = rows.next();
                    SparkRows.fill(values, model.schema(), row, columns);
                    unseen.add(model.score(values, features, outputs));
                    Object[] v = new Object[width + (classification ? 1 + labels.size() : 1)];
                    for (int c = 0; c < width; c++) v[c] = row.get(c);
                    if (!classification) {
                        v[width] = outputs[0];
                    } else {
                        int best = 0;
                        for (int j = 1; j < outputs.length; j++) if (outputs[j] > outputs[best]) best = j;
                        v[width] = labels.get(best);
                        for (int j = 0; j < labels.size(); j++) v[width + 1 + j] = outputs[j];
                    }
                    return RowFactory.create(v);
                }
            };
        };
        Path target = ctx.outputFile("predictions", "predictions.parquet");
        SparkTables.write(data.mapPartitions(score, Encoders.row(out)), target);
        long rows = SparkTables.read(spark, target).count();
        ctx.metric("rows", rows);
        ctx.metric("unseen_categories", unseen.value());
        if (unseen.value() > 0) ctx.log("predict: " + unseen.value() + " values of categories not seen in training");
    }

    private static String free(List<String> names, String name) {
        if (names.contains(name)) {
            throw new IllegalArgumentException("the input table already has a column '" + name
                    + "'; rename or drop it before predicting (predict adds that column)");
        }
        return name;
    }
}
