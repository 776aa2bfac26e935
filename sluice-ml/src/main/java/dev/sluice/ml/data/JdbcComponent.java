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
import org.duckdb.DuckDBAppender;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs a query on any JDBC database whose driver is on the class path and stores the result as a
 * table. Integer columns become BIGINT, floating and decimal columns DOUBLE, booleans BOOLEAN, dates
 * and timestamps DATE and TIMESTAMP, everything else text. The password never appears in the
 * pipeline file: {@code password_env} names the environment variable that holds it. The URL is not
 * logged (it may carry credentials). Metrics {@code rows}, {@code columns}. Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   extract:
 *     uses: jdbc
 *     with:
 *       url: jdbc:postgresql://db.internal/sales
 *       user: reader
 *       password_env: SALES_DB_PASSWORD
 *       query: SELECT customer_id, tenure, churned FROM customers
 * }</pre>
 */
public final class JdbcComponent extends DeclaredComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("jdbc", "1")
            .description("Runs a query on a JDBC database and stores the result as a table.")
            .output("data", PortKind.TABLE, "the query's result")
            .param(ParamSpec.of("url", ParamType.STRING).withDoc("JDBC URL, e.g. jdbc:postgresql://host/db"))
            .param(ParamSpec.of("query", ParamType.STRING).withDoc("the SQL query, in the database's dialect"))
            .param(ParamSpec.optional("user", ParamType.STRING).withDoc("database user"))
            .param(ParamSpec.optional("password_env", ParamType.STRING).withDoc("name of the environment variable holding the password"))
            .rule(ParamRule.check("url starts with jdbc:", v -> String.valueOf(v.get("url")).startsWith("jdbc:")
                    ? Optional.empty() : Optional.of("url must be a JDBC URL starting with jdbc:, e.g. jdbc:postgresql://host/db"),
                    "url"))
            .rule(ParamRule.check("password_env names an environment variable", v -> !v.containsKey("password_env")
                    || String.valueOf(v.get("password_env")).matches("[A-Za-z_][A-Za-z0-9_]*") ? Optional.empty()
                    : Optional.of("password_env must name an environment variable (letters, digits and '_'), not hold the"
                    + " password"), "password_env"))
            .metric("rows", "rows fetched").metric("columns", "columns fetched")
            .build();

    public JdbcComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        try (Connection source = connect(ctx);
             Statement st = source.createStatement();
             ResultSet rs = query(st, ctx.stringParam("query"));
             DuckSession db = DuckSession.open(ctx.cpus())) {
            List<Integer> kinds = createTable(db, rs.getMetaData());
            long rows = copyRows(rs, db, kinds);
            db.copyToParquet("SELECT * FROM data", ctx.outputFile("data", "data.parquet"));
            TableSteps.record(ctx, "jdbc", rows, kinds.size());
        }
    }

    private static Connection connect(StepContext ctx) {
        Properties props = new Properties();
        ctx.optionalParam("user").ifPresent(u -> props.setProperty("user", String.valueOf(u)));
        Optional<Object> env = ctx.optionalParam("password_env");
        if (env.isPresent()) {
            String password = System.getenv(String.valueOf(env.get()));
            if (password == null) {
                throw new PipelineException("jdbc: environment variable '" + env.get() + "' (password_env) is not set;"
                        + " set it in the environment that runs the pipeline");
            }
            props.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(ctx.stringParam("url"), props);
        } catch (SQLException e) {
            throw new PipelineException("jdbc: cannot connect: " + e.getMessage()
                    + "; check the url, that the driver's jar is on the class path, and the credentials", e);
        }
    }

    private static ResultSet query(Statement st, String sql) {
        try {
            return st.executeQuery(sql);
        } catch (SQLException e) {
            throw new PipelineException("jdbc: query failed: " + e.getMessage(), e);
        }
    }

    private static List<Integer> createTable(DuckSession db, ResultSetMetaData md) throws SQLException {
        List<Integer> kinds = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            int kind = kind(md.getColumnType(i));
            kinds.add(kind);
            cols.add(DuckSession.ident(md.getColumnLabel(i)) + " " + sqlType(kind));
        }
        db.execute("CREATE TABLE data (" + String.join(", ", cols) + ")");
        return kinds;
    }

    /** Collapses JDBC types to the five the table keeps. */
    private static int kind(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Types.BIGINT;
            case Types.FLOAT, Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> Types.DOUBLE;
            case Types.BOOLEAN, Types.BIT -> Types.BOOLEAN;
            case Types.DATE -> Types.DATE;
            case Types.TIMESTAMP -> Types.TIMESTAMP;
            default -> Types.VARCHAR;
        };
    }

    private static String sqlType(int kind) {
        return switch (kind) {
            case Types.BIGINT -> "BIGINT";
            case Types.DOUBLE -> "DOUBLE";
            case Types.BOOLEAN -> "BOOLEAN";
            case Types.DATE -> "DATE";
            case Types.TIMESTAMP -> "TIMESTAMP";
            default -> "VARCHAR";
        };
    }

    private static long copyRows(ResultSet rs, DuckSession db, List<Integer> kinds) throws SQLException {
        long rows = 0;
        try (DuckDBAppender app = db.connection().createAppender("main", "data")) {
            while (rs.next()) {
                app.beginRow();
                for (int i = 0; i < kinds.size(); i++) appendCell(app, rs, i + 1, kinds.get(i));
                app.endRow();
                rows++;
            }
        }
        return rows;
    }

    private static void appendCell(DuckDBAppender app, ResultSet rs, int col, int kind) throws SQLException {
        switch (kind) {
            case Types.BIGINT -> { long v = rs.getLong(col); if (rs.wasNull()) app.appendNull(); else app.append(v); }
            case Types.DOUBLE -> { double v = rs.getDouble(col); if (rs.wasNull()) app.appendNull(); else app.append(v); }
            case Types.BOOLEAN -> { boolean v = rs.getBoolean(col); if (rs.wasNull()) app.appendNull(); else app.append(v); }
            case Types.DATE -> { java.sql.Date v = rs.getDate(col); if (v == null) app.appendNull(); else app.append(v.toLocalDate()); }
            case Types.TIMESTAMP -> { java.sql.Timestamp v = rs.getTimestamp(col); if (v == null) app.appendNull(); else app.append(v.toLocalDateTime()); }
            default -> { String v = rs.getString(col); if (v == null) app.appendNull(); else app.append(v); }
        }
    }
}
