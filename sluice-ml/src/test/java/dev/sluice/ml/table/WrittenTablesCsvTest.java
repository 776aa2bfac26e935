package dev.sluice.ml.table;

import dev.sluice.ml.data.CsvComponent;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code csv} step's table, read by the next steps of the same process: from memory, as the file holds it. */
class WrittenTablesCsvTest {
    @TempDir Path dir;

    @BeforeEach
    @AfterEach
    void forget() {
        WrittenTables.clear();
    }

    private Path csvStep(String text) throws Exception {
        Files.writeString(dir.resolve("in.csv"), text);
        TestContext ctx = new TestContext(dir).param("path", "in.csv");
        ctx.bind(new CsvComponent().spec());
        new CsvComponent().run(ctx);
        return ctx.output("data");
    }

    @Test
    void aDownstreamReadOfTheCsvStepsTableIsServedFromMemoryAndEqualsTheParquetFile() throws Exception {
        Path out = csvStep("""
                id,x,name,flag
                1,0.5,alpha,true
                2,,,false
                3,-2.25,gamma,
                4,1e300,NA,TRUE
                """);

        Frame first = TableIO.read(out);
        assertThat(TableIO.read(out)).isSameAs(first);   // not decoded again: the frame the csv step kept
        Path copy = dir.resolve("copy.parquet");         // another file: read from the Parquet bytes
        Files.copy(out, copy);
        Frame fromFile = TableIO.read(copy);
        assertThat(fromFile).isNotSameAs(first);

        assertThat(TableIO.schema(out)).isEqualTo(TableIO.schema(copy));
        assertThat(first.columns()).extracting(Column::name).containsExactly("id", "x", "name", "flag");
        assertThat(first.columns()).extracting(Column::type)
                .containsExactly(ColumnType.LONG, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.BOOL);
        assertSameContents(first, fromFile);
        assertThat(first.column("x").isNull(1)).isTrue();
        assertThat(first.column("name").isNull(3)).isTrue();   // NA is in the default nulls
        assertThat(first.column("flag").isNull(2)).isTrue();
        assertThat(((Column.Doubles) first.column("x")).values()[3]).isEqualTo(1e300);
    }

    @Test
    void aTableWithATypeAFrameDoesNotReportIsLeftToTheFile() throws Exception {
        Path out = csvStep("""
                day,n
                2026-01-02,1
                2026-01-03,2
                """);

        Frame first = TableIO.read(out);
        assertThat(TableIO.read(out)).isNotSameAs(first);
        assertThat(TableIO.schema(out).fields()).extracting(Schema.Field::sqlType).containsExactly("DATE", "BIGINT");
    }

    private static void assertSameContents(Frame a, Frame b) {
        assertThat(b.columns()).extracting(Column::name).containsExactlyElementsOf(a.columns().stream().map(Column::name).toList());
        for (Column c : a.columns()) {
            Column d = b.column(c.name());
            assertThat(d.type()).as(c.name()).isEqualTo(c.type());
            assertThat(d.size()).as(c.name()).isEqualTo(c.size());
            for (int i = 0; i < c.size(); i++) assertThat(d.isNull(i)).as(c.name() + " row " + i).isEqualTo(c.isNull(i));
            for (int i = 0; i < c.size(); i++) {
                if (c.isNull(i)) continue;
                Object x = switch (c) {
                    case Column.Doubles v -> v.values()[i];
                    case Column.Longs v -> v.values()[i];
                    case Column.Strings v -> v.values()[i];
                    case Column.Bools v -> v.values()[i];
                };
                Object y = switch (d) {
                    case Column.Doubles v -> v.values()[i];
                    case Column.Longs v -> v.values()[i];
                    case Column.Strings v -> v.values()[i];
                    case Column.Bools v -> v.values()[i];
                };
                assertThat(y).as(c.name() + " row " + i).isEqualTo(x);
            }
        }
    }
}
