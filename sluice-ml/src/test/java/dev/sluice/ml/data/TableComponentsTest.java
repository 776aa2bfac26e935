package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.Fixtures;
import dev.sluice.testing.TestContext;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parquet, jdbc and sql components, on real files and a real DuckDB file database. */
class TableComponentsTest {
    @TempDir Path dir;

    /** The telco sample loaded by the csv component, as a Parquet table. */
    private Path telco() throws Exception {
        Fixtures.telcoCsv(dir);
        TestContext ctx = new TestContext(dir.resolve("load")).param("path", dir.resolve("data/telco.csv").toString())
                .param("nulls", List.of("", " ")).bind(CsvComponent.SPEC);
        new CsvComponent().run(ctx);
        return ctx.output("data");
    }

    @Test
    void parquetReadsAFileRelativeToThePipeline() throws Exception {
        Path table = telco();
        Files.copy(table, dir.resolve("data/telco.parquet"));
        TestContext ctx = new TestContext(dir).param("path", "data/telco.parquet").bind(ParquetComponent.SPEC);
        new ParquetComponent().run(ctx);
        assertThat(TableIO.read(ctx.output("data")).rows()).isEqualTo(303);
        assertThat(ctx.metrics).containsEntry("rows", 303.0).containsEntry("columns", 21.0);
    }

    @Test
    void parquetRejectsAFileThatIsNotParquet() throws Exception {
        Files.writeString(dir.resolve("fake.parquet"), "not parquet at all");
        TestContext ctx = new TestContext(dir).param("path", "fake.parquet").bind(ParquetComponent.SPEC);
        assertThatThrownBy(() -> new ParquetComponent().run(ctx))
                .isInstanceOf(PipelineException.class).hasMessageStartingWith("parquet: cannot read 'fake.parquet' as Parquet: ");
    }

    @Test
    void jdbcReadsAQueryFromADuckDbFileDatabase() throws Exception {
        Path db = dir.resolve("source.db");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INTEGER, name VARCHAR, spend DECIMAL(10,2), active BOOLEAN, since DATE)");
            st.execute("INSERT INTO customers VALUES (1, 'ann', 10.50, true, '2020-01-02'), (2, NULL, 3.25, false, NULL), (3, 'cy', NULL, NULL, '2021-05-06')");
        }
        TestContext ctx = new TestContext(dir).param("url", "jdbc:duckdb:" + db)
                .param("query", "SELECT * FROM customers ORDER BY id").bind(JdbcComponent.SPEC);
        new JdbcComponent().run(ctx);

        Frame f = TableIO.read(ctx.output("data"));
        assertThat(f.rows()).isEqualTo(3);
        assertThat(f.columns()).extracting(Column::type)
                .containsExactly(ColumnType.LONG, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.BOOL, ColumnType.STRING);
        assertThat(((Column.Doubles) f.column("spend")).values()[0]).isEqualTo(10.5);
        assertThat(f.column("spend").isNull(2)).isTrue();
        assertThat(((Column.Strings) f.column("since")).values()).containsExactly("2020-01-02", null, "2021-05-06");
        assertThat(ctx.metrics).containsEntry("rows", 3.0);
    }

    @Test
    void jdbcNamesAMissingPasswordVariable() {
        TestContext ctx = new TestContext(dir).param("url", "jdbc:duckdb:").param("query", "SELECT 1")
                .param("password_env", "SLUICE_TEST_SURELY_UNSET_VAR").bind(JdbcComponent.SPEC);
        assertThatThrownBy(() -> new JdbcComponent().run(ctx))
                .hasMessage("jdbc: environment variable 'SLUICE_TEST_SURELY_UNSET_VAR' (password_env) is not set;"
                        + " set it in the environment that runs the pipeline");
    }

    @Test
    void sqlJoinsTwoInputsByTheirNames() throws Exception {
        Path customers = telco();
        Path plans = dir.resolve("plans.parquet");
        TableIO.write(new Frame(List.of(
                new Column.Strings("Contract", new String[]{"Month-to-month", "One year", "Two year"}),
                new Column.Longs("months", new long[]{1, 12, 24}, null))), plans);

        TestContext ctx = new TestContext(dir).input("tables", customers, plans)
                .param("names", List.of("customers", "plans"))
                .param("query", "SELECT p.months, count(*) AS n FROM customers c JOIN plans p USING (Contract) GROUP BY ALL ORDER BY p.months;")
                .bind(SqlComponent.SPEC);
        new SqlComponent().run(ctx);

        Frame f = TableIO.read(ctx.output("data"));
        assertThat(((Column.Longs) f.column("months")).values()).containsExactly(1, 12, 24);
        assertThat(((Column.Longs) f.column("n")).values()).containsExactly(167, 59, 77);
        assertThat(ctx.metrics).containsEntry("rows", 3.0).containsEntry("columns", 2.0);
    }

    @Test
    void sqlFailsOnAnEmptyResultUnlessAllowed() throws Exception {
        Path customers = telco();
        TestContext ctx = new TestContext(dir).input("tables", customers)
                .param("query", "SELECT * FROM data WHERE tenure > 1000").bind(SqlComponent.SPEC);
        assertThatThrownBy(() -> new SqlComponent().run(ctx)).hasMessage("sql: the query returned no rows (inputs: data 303 rows);"
                + " check its filters and the upstream steps, or set allow_empty: true if an empty table is expected");

        ctx.param("allow_empty", true);
        new SqlComponent().run(ctx);
        Frame f = TableIO.read(ctx.output("data"));
        assertThat(f.rows()).isZero();
        assertThat(f.columns()).hasSize(21);
    }

    @Test
    void sqlErrorListsTheTablesAndTheirColumns() throws Exception {
        Path plans = dir.resolve("plans.parquet");
        TableIO.write(new Frame(List.of(new Column.Longs("months", new long[]{1}, null))), plans);
        TestContext ctx = new TestContext(dir).input("tables", plans).param("query", "SELECT monhts FROM data").bind(SqlComponent.SPEC);
        assertThatThrownBy(() -> new SqlComponent().run(ctx))
                .hasMessageStartingWith("sql: query failed: ").hasMessageEndingWith("\n  tables: data (months)");
    }

    @Test
    void sqlNamesMustMatchTheInputs() {
        assertThatThrownBy(() -> SqlComponent.viewNames(2, List.of("a")))
                .hasMessage("sql: names has 1 entries [a] but 2 tables are wired to 'tables'; give one name per table, in wiring order");
        assertThat(SqlComponent.viewNames(2, List.of())).containsExactly("t1", "t2");
    }
}
