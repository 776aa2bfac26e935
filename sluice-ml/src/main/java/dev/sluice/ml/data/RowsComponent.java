package dev.sluice.ml.data;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.DeclaredComponent;
import dev.sluice.ml.table.DuckSession;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a small table as a {@code value} output: a JSON list of objects, column name to value (text, whole
 * number, number or boolean; dates and times as ISO text), in the table's order. It is what a {@code foreach:} step
 * iterates over to make one instance per row ({@code foreach: {from: regions.rows}}, each column read as
 * {@code ${item.COLUMN}}). The table is read with DuckDB here, so the core needs no table reader. A table of more than
 * {@code max_rows} rows, or with a null, fails the step saying so. Metrics {@code rows}, {@code columns}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * steps:
 *   regions: {uses: sql, inputs: {tables: load.data}, with: {query: "SELECT DISTINCT region, cap FROM data ORDER BY region"}}
 *   listed:  {uses: rows, inputs: {data: regions.data}}
 *   train:
 *     run: [python3, train.py, "${item.region}", "${item.cap}"]
 *     foreach: {from: listed.rows}
 * }</pre>
 */
public final class RowsComponent extends DeclaredComponent {
    /** As many rows as a foreach: step may have instances by default. */
    static final long DEFAULT_MAX = 1000;
    static final ComponentSpec SPEC = ComponentSpec.builder("rows", "1")
            .description("The rows of a small table as a value: a JSON list of objects, for foreach: to make one instance per row.")
            .input("data", PortKind.TABLE, "the small table")
            .output("rows", PortKind.VALUE, "a JSON list with one object (column: value) per row, in order")
            .param(ParamSpec.of("max_rows", ParamType.INT, DEFAULT_MAX).withBounds(1.0, 100_000.0)
                    .withDoc("fail when the table has more rows than this"))
            .metric("rows", "rows of the table").metric("columns", "columns of the table")
            .build();

    public RowsComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        long max = ctx.intParam("max_rows");
        List<Object> rows = new ArrayList<>();
        int columns;
        try (DuckSession db = DuckSession.open(1);
             Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + DuckSession.literal(ctx.input("data"))
                     + ") LIMIT " + (max + 1))) {
            ResultSetMetaData meta = rs.getMetaData();
            columns = meta.getColumnCount();
            while (rs.next()) {
                if (rows.size() == max) {
                    throw new PipelineException("rows: the table has more than max_rows: " + max + " rows; it is meant for"
                            + " small tables (one foreach: instance per row): filter or aggregate it upstream, or raise"
                            + " max_rows (at most 100000)");
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= columns; c++) {
                    Object v = rs.getObject(c);
                    if (v == null) {
                        throw new PipelineException("rows: row " + (rows.size() + 1) + " has a null in column '"
                                + meta.getColumnName(c) + "'; give it a value upstream (COALESCE) or filter the row out");
                    }
                    row.put(meta.getColumnName(c), plain(v));
                }
                rows.add(row);
            }
        }
        ctx.outputValue("rows", rows);
        ctx.metric("rows", rows.size());
        ctx.metric("columns", columns);
    }

    /** A JDBC value as JSON has it: text, a long, a double or a boolean. */
    private static Object plain(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> b;
            case Byte n -> n.longValue();
            case Short n -> n.longValue();
            case Integer n -> n.longValue();
            case Long n -> n;
            case BigInteger n -> n.longValue();
            case Float f -> f.doubleValue();
            case Double d -> d;
            case BigDecimal d -> d.scale() <= 0 ? (Object) d.longValue() : (Object) d.doubleValue();
            default -> v.toString();
        };
    }
}
