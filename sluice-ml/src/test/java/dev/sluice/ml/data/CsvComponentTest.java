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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvComponentTest {
    @TempDir Path dir;

    private TestContext run(Object... params) throws Exception {
        TestContext ctx = new TestContext(dir);
        for (int i = 0; i < params.length; i += 2) ctx.param((String) params[i], params[i + 1]);
        ctx.bind(CsvComponent.SPEC);
        new CsvComponent().run(ctx);
        return ctx;
    }

    @Test
    void loadsTelcoSampleWithSniffedTypesAndBlankTotalChargesAsText() throws Exception {
        Fixtures.telcoCsv(dir);
        TestContext ctx = run("path", "data/telco.csv");

        Frame f = TableIO.read(ctx.output("data"));
        assertThat(f.rows()).isEqualTo(303);
        assertThat(f.columns()).hasSize(21);
        assertThat(f.column("tenure").type()).isEqualTo(ColumnType.LONG);
        assertThat(f.column("MonthlyCharges").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(f.column("Churn").type()).isEqualTo(ColumnType.STRING);
        // a lone space is not in the default nulls, so the column stays text: honest, fixable with nulls, and pointed out
        assertThat(f.column("TotalCharges").type()).isEqualTo(ColumnType.STRING);
        assertThat(ctx.log).contains("csv: warning: column 'TotalCharges' holds numbers except ' ' in 3 of 303 rows, so it was"
                + " read as text; if ' ' means a missing value, list it in nulls: [\"\", \"NA\", \"N/A\", \"null\", \" \"]");
        assertThat(ctx.metrics).containsEntry("rows", 303.0).containsEntry("columns", 21.0).containsEntry("rejected_rows", 0.0);
        assertThat(TableIO.read(ctx.output("rejects")).rows()).isZero();
        // the empty rejects table has the columns and types of a filled one
        assertThat(TableIO.schema(ctx.output("rejects")).fields()).extracting(field -> field.name() + ":" + field.sqlType())
                .containsExactly("line:BIGINT", "raw:VARCHAR", "reason:VARCHAR");
    }

    @Test
    void blankTotalChargesBecomeNullsWhenASpaceIsANull() throws Exception {
        Fixtures.telcoCsv(dir);
        TestContext ctx = run("path", "data/telco.csv", "nulls", List.of("", " "), "columns", List.of("SeniorCitizen:bool"));

        Frame f = TableIO.read(ctx.output("data"));
        Column.Doubles total = (Column.Doubles) f.column("TotalCharges");
        int nulls = 0;
        for (int i = 0; i < f.rows(); i++) if (total.isNull(i)) nulls++;
        assertThat(nulls).isEqualTo(3);
        assertThat(total.values()[0]).isEqualTo(29.85);
        assertThat(f.column("SeniorCitizen").type()).isEqualTo(ColumnType.BOOL);
    }

    @Test
    void failsOnMalformedRowWithFileLineAndFix() throws Exception {
        Path csv = Fixtures.telcoCsv(dir);
        injectLine(csv, 10, "9999-BROKEN,Male,0,Yes");

        assertThatThrownBy(() -> run("path", "data/telco.csv"))
                .isInstanceOf(PipelineException.class)
                .hasMessage("data/telco.csv:10: expected 21 fields, found 4\n"
                        + "  1 malformed row in data/telco.csv. Fix the file, force a column's type with columns: [\"name:string\"],"
                        + " or set on_error: quarantine to send malformed rows to the 'rejects' output.");
        assertThat(dir.resolve("outputs/data/data.parquet")).doesNotExist();
    }

    @Test
    void quarantinesMalformedRowsWithTheirLineNumbers() throws Exception {
        Path csv = Fixtures.telcoCsv(dir);
        injectLine(csv, 10, "9999-SHORT,Male,0,Yes");
        injectLine(csv, 50, "9999-BADNUM,Female,0,No,No,lots,Yes,No,DSL,No,No,No,No,No,No,Month-to-month,Yes,Mailed check,20.0,20.0,No");

        TestContext ctx = run("path", "data/telco.csv", "on_error", "quarantine", "columns", List.of("tenure:int"));

        Frame rejects = TableIO.read(ctx.output("rejects"));
        assertThat(rejects.names()).containsExactly("line", "raw", "reason");
        assertThat(((Column.Longs) rejects.column("line")).values()).containsExactly(10, 50);
        assertThat(((Column.Strings) rejects.column("raw")).values()[0]).isEqualTo("9999-SHORT,Male,0,Yes");
        assertThat(((Column.Strings) rejects.column("reason")).values())
                .containsExactly("expected 21 fields, found 4", "column 'tenure' (field 6): the value is not a BIGINT");
        assertThat(TableIO.read(ctx.output("data")).rows()).isEqualTo(303);
        assertThat(ctx.metrics).containsEntry("rows", 303.0).containsEntry("rejected_rows", 2.0);
    }

    @Test
    void missingFileSaysWhereItLooked() {
        assertThatThrownBy(() -> run("path", "data/nope.csv"))
                .hasMessageStartingWith("csv: file 'data/nope.csv' does not exist (looked for " + dir.resolve("data/nope.csv"));
    }

    @Test
    void readsOtherDelimitersWithoutHeader() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/x.tsv"), "1\ta\n2\tb\n");
        TestContext ctx = run("path", "data/x.tsv", "delimiter", "\t", "header", false);
        Frame f = TableIO.read(ctx.output("data"));
        assertThat(f.names()).containsExactly("column0", "column1");
        assertThat(f.rows()).isEqualTo(2);
    }

    @Test
    void trueFalseTextBecomesBooleanButYesNoStaysText() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/b.csv"), "flag,answer\ntrue,Yes\nFALSE,No\n,Yes\n");
        Frame f = TableIO.read(run("path", "data/b.csv").output("data"));
        assertThat(f.column("flag").type()).isEqualTo(ColumnType.BOOL);
        assertThat(((Column.Bools) f.column("flag")).values()).containsExactly(true, false, false);
        assertThat(f.column("flag").isNull(2)).isTrue();
        assertThat(((Column.Strings) f.column("answer")).values()).containsExactly("Yes", "No", "Yes");
    }

    @Test
    void manyMalformedRowsShowTheFirstFiveAndCountTheRest() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 8; i++) csv.append("1,2\n1\n");
        Files.writeString(dir.resolve("data/m.csv"), csv.toString());
        assertThatThrownBy(() -> run("path", "data/m.csv"))
                .hasMessageStartingWith("data/m.csv:3: expected 2 fields, found 1\ndata/m.csv:5: expected 2 fields, found 1\n")
                .hasMessageContaining("data/m.csv:11: expected 2 fields, found 1\n... and 3 more malformed rows\n  8 malformed rows in data/m.csv.");
    }

    @Test
    void aValuePastDuckDbsTypeSampleMakesTheColumnTextInBothParsersNotAMalformedRow() throws Exception {
        // DuckDB's sniffer looks at 20,480 rows: alone, it would type 'code' BIGINT and reject line 25,002
        Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("id,code\n");
        for (int i = 0; i < 30_000; i++) csv.append(i).append(',').append(i == 25_000 ? "A17" : Integer.toString(i % 1000)).append('\n');
        Files.writeString(dir.resolve("data/late.csv"), csv.toString());
        for (String parser : List.of("auto", "duckdb")) {
            TestContext ctx = run("path", "data/late.csv", "parser", parser);
            Frame f = TableIO.read(ctx.output("data"));
            assertThat(f.column("code").type()).as(parser).isEqualTo(ColumnType.STRING);
            assertThat(((Column.Strings) f.column("code")).values()[25_000]).isEqualTo("A17");
            assertThat(ctx.metrics).as(parser).containsEntry("rows", 30_000.0).containsEntry("rejected_rows", 0.0);
        }
    }

    /** Inserts {@code text} so that it becomes line {@code lineNo} of the file. */
    static void injectLine(Path csv, int lineNo, String text) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.add(lineNo - 1, text);
        Files.write(csv, lines);
    }
}
