package dev.sluice.serve.model;

import org.apache.spark.sql.Row;

/**
 * Fills the {@link RowValues} that {@code sluice serve} scores from a Spark row, so batch scoring on Spark runs the same
 * compiled evaluator ({@link ScoringModel}) on the same values. In this package for {@code RowValues}' setters.
 * Stateless.
 */
public final class SparkRows {
    private SparkRows() {}

    /**
     * Field {@code i} of the model's input schema from column {@code columns[i]} of {@code row}: numbers and booleans
     * as numbers, anything else as text, SQL null as null.
     */
    public static void fill(RowValues values, InputSchema schema, Row row, int[] columns) {
        values.clear();
        for (int i = 0; i < schema.size(); i++) {
            int c = columns[i];
            if (row.isNullAt(c)) {
                values.setNull(i);
                continue;
            }
            Object v = row.get(c);
            switch (schema.type(i)) {
                case STRING -> values.setText(i, String.valueOf(v));
                case BOOL -> values.setNumber(i, v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue());
                default -> values.setNumber(i, v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue());
            }
        }
    }
}
