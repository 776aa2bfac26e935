package dev.sluice.ml.data;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;
import dev.sluice.ml.DeclaredComponent;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a DuckDB SQL query over upstream tables. The tables come in through one fan-in input,
 * {@code tables}, and are visible to the query as views named by {@code names}, in wiring order.
 * Without {@code names}, a single input is the view {@code data} and several are {@code t1},
 * {@code t2}, ... An empty result fails the step (a filter that removes everything is usually a
 * bug upstream) unless {@code allow_empty: true}. Metrics {@code rows}, {@code columns}.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   join:
 *     uses: sql
 *     inputs: {tables: [orders.data, customers.data]}
 *     with:
 *       names: [orders, customers]
 *       query: |
 *         SELECT c.*, count(*) AS orders
 *         FROM customers c JOIN orders o USING (customer_id)
 *         GROUP BY ALL
 * }</pre>
 */
public final class SqlComponent extends DeclaredComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("sql", "1")
            .description("Runs a DuckDB SQL query over upstream tables, named by 'names'.")
            .input(new PortSpec("tables", PortKind.TABLE, true, true, "tables the query reads, in the order of 'names'"))
            .output("data", PortKind.TABLE, "the query's result")
            .param(ParamSpec.of("query", ParamType.STRING).withDoc("DuckDB SQL"))
            .param(ParamSpec.of("names", ParamType.LIST, List.of()).withDoc("view name of each input table, in wiring order"))
            .param(ParamSpec.of("allow_empty", ParamType.BOOL, false).withDoc("accept a query that returns no rows"))
            .rule(ParamRule.check("query is not empty", v -> ParamRule.given(v.get("query")) ? Optional.empty()
                    : Optional.of("query must not be empty; write e.g. query: SELECT * FROM data"), "query"))
            .metric("rows", "rows of the result").metric("columns", "columns of the result")
            .build();

    public SqlComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        List<Path> tables = ctx.inputs("tables");
        List<String> names = viewNames(tables.size(), ctx.listParam("names"));
        String query = ctx.stringParam("query");
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            for (int i = 0; i < tables.size(); i++) db.view(names.get(i), tables.get(i));
            db.execute("CREATE TABLE sluice_result AS " + stripSemicolon(query));
            long rows = db.queryLong("SELECT count(*) FROM sluice_result");
            if (rows == 0 && !ctx.boolParam("allow_empty")) {
                throw new PipelineException("sql: the query returned no rows (inputs: " + inputSizes(db, names)
                        + "); check its filters and the upstream steps, or set allow_empty: true if an empty table is expected");
            }
            Schema schema = db.describe("sluice_result");
            db.copyToParquet("SELECT * FROM sluice_result", ctx.outputFile("data", "data.parquet"));
            TableSteps.record(ctx, "sql", rows, schema.size());
        } catch (SQLException e) {
            throw new PipelineException("sql: query failed: " + e.getMessage() + "\n  tables: " + describe(tables, names), e);
        }
    }

    /** The view name of each input: {@code names} when given, else {@code data} or {@code t1..tN}. */
    static List<String> viewNames(int inputs, List<Object> names) {
        if (!names.isEmpty()) {
            if (names.size() != inputs) {
                throw new PipelineException("sql: names has " + names.size() + " entries " + names + " but " + inputs
                        + " tables are wired to 'tables'; give one name per table, in wiring order");
            }
            return names.stream().map(String::valueOf).toList();
        }
        if (inputs == 1) return List.of("data");
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= inputs; i++) out.add("t" + i);
        return out;
    }

    private static String stripSemicolon(String query) {
        String q = query.strip();
        return q.endsWith(";") ? q.substring(0, q.length() - 1) : q;
    }

    private static String inputSizes(DuckSession db, List<String> names) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String n : names) out.add(n + " " + db.queryLong("SELECT count(*) FROM " + DuckSession.ident(n)) + " rows");
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String describe(List<Path> tables, List<String> names) {
        List<String> out = new ArrayList<>();
        try (DuckSession db = DuckSession.open(1)) {
            for (int i = 0; i < tables.size(); i++) {
                Schema s = db.describe("read_parquet(" + DuckSession.literal(tables.get(i)) + ")");
                out.add(names.get(i) + " (" + String.join(", ", s.names()) + ")");
            }
        } catch (SQLException e) {
            return String.join(", ", names);
        }
        return out.isEmpty() ? "none wired" : String.join("; ", out);
    }
}
