package dev.sluice.ml.data;

import dev.sluice.api.Check;
import dev.sluice.testing.TestContext;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the csv step finds the delimiter and the quote when they are not given, fails early on a wrong delimiter,
 * and points at missing-value markers it did not know about.
 */
class CsvDialectTest {
    @TempDir Path dir;

    private TestContext run(Object... params) throws Exception {
        TestContext ctx = new TestContext(dir.resolve("step" + System.nanoTime()));
        for (int i = 0; i < params.length; i += 2) ctx.param((String) params[i], params[i + 1]);
        ctx.bind(CsvComponent.SPEC);
        new CsvComponent().run(ctx);
        return ctx;
    }

    /** The repository's iris.csv (see its SOURCE.md) rewritten with {@code delimiter}, every text field quoted with {@code quote}. */
    private String iris(String delimiter, String quote) throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/data/iris.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String text = lines.stream().map(line -> List.of(line.split(",")).stream()
                        .map(f -> f.matches("[0-9.]+") ? f : quote + f + quote).collect(Collectors.joining(delimiter)))
                .collect(Collectors.joining("\n", "", "\n"));
        Path f = dir.resolve("iris" + System.nanoTime() + ".csv");
        Files.writeString(f, text);
        return f.toString();
    }

    @Test
    void aSemicolonSeparatedFileWithQuotedNamesIsSniffedAndSaysSo() throws Exception {
        TestContext ctx = run("path", iris(";", "\""));
        Frame f = TableIO.read(ctx.output("data"));
        assertThat(f.names()).containsExactly("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species");
        assertThat(f.rows()).isEqualTo(150);
        assertThat(f.column("sepal_length_cm").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(ctx.log).contains("csv: delimiter ';', quote '\"' (sniffed: 5 fields on each of the first 100 lines)");
    }

    @Test
    void tabsPipesAndSingleQuotesAreSniffedToo() throws Exception {
        Frame tabs = TableIO.read(run("path", iris("\t", "")).output("data"));
        assertThat(tabs.names()).hasSize(5);
        TestContext pipes = run("path", iris("|", "'"));
        Frame f = TableIO.read(pipes.output("data"));
        assertThat(f.names()).hasSize(5).contains("species");
        assertThat(((Column.Strings) f.column("species")).values()[0]).isEqualTo("setosa");
        assertThat(pipes.log).contains("csv: delimiter '|', quote \"'\" (sniffed: 5 fields on each of the first 100 lines)");
    }

    @Test
    void aGivenDelimiterIsNotSniffedAndNotLogged() throws Exception {
        TestContext ctx = run("path", iris(",", ""), "delimiter", ",");
        assertThat(TableIO.read(ctx.output("data")).names()).hasSize(5);
        assertThat(ctx.log).noneMatch(line -> line.contains("sniffed"));
    }

    @Test
    void aWrongDelimiterFailsTheCsvStepNamingTheLikelyOne() throws Exception {
        String path = iris(";", "\"");
        assertThatThrownBy(() -> run("path", path, "delimiter", ","))
                .hasMessage("csv: " + path + ":1: the first line is one field that holds ';' 4 times (reading with delimiter ','):"
                        + " the file is probably ';'-separated; set delimiter: \";\"");
        String tabs = iris("\t", "");
        assertThatThrownBy(() -> run("path", tabs, "delimiter", ";"))
                .hasMessageContaining("the file is probably tab-separated; set delimiter: \"\\t\"");
    }

    @Test
    void aOneColumnFileIsReadWithTheDefaultDelimiter() throws Exception {
        Path f = dir.resolve("ids.csv");
        Files.writeString(f, "id\n1\n2\n3\n");
        TestContext ctx = run("path", f.toString());
        assertThat(TableIO.read(ctx.output("data")).names()).containsExactly("id");
        assertThat(ctx.log).contains("csv: delimiter ',', quote '\"' (default: no delimiter gives the same field count on the first lines)");
    }

    @Test
    void aQuoteThatIsAlsoTheDelimiterIsRefused() throws Exception {
        String path = iris(",", "");
        assertThatThrownBy(() -> run("path", path, "delimiter", ";", "quote", ";"))
                .hasMessage("csv: the quote ';' is also the delimiter; set one of them");
    }

    @Test
    void withoutAHeaderAOneColumnFileOfTimesIsData() throws Exception {
        Path f = dir.resolve("times.csv");
        Files.writeString(f, "12:30\n13:45\n");
        Frame data = TableIO.read(run("path", f.toString(), "header", false).output("data"));
        assertThat(data.rows()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "duckdb"})
    void aNumericColumnWithAQuestionMarkForMissingIsPointedOut(String parser) throws Exception {
        // auto_mpg.csv with the 6 unknown horsepower values written as the raw UCI file writes them
        String text;
        try (InputStream in = getClass().getResourceAsStream("/data/auto_mpg.csv")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path f = dir.resolve("auto.csv");
        Files.writeString(f, text.lines().map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),,", "$1,?,"))
                .collect(Collectors.joining("\n", "", "\n")));
        TestContext ctx = run("path", f.toString(), "parser", parser);
        assertThat(TableIO.read(ctx.output("data")).column("horsepower").type()).isEqualTo(ColumnType.STRING);
        assertThat(ctx.log).contains("csv: warning: column 'horsepower' holds numbers except '?' in 6 of 398 rows, so it was"
                + " read as text; if '?' means a missing value, list it in nulls: [\"\", \"NA\", \"N/A\", \"null\", \"?\"]");
        assertThat(ctx.metrics).containsEntry("suspected_null_markers", 1.0);
        assertThat(ctx.checks).containsExactly(new Check("horsepower.null_marker", false, "numbers or nulls", "'?' in 6 of 398 rows",
                "read as text; if '?' means a missing value, list it in nulls: [\"\", \"NA\", \"N/A\", \"null\", \"?\"]",
                Check.Severity.WARN));   // a warning in the run summary, not a failure

        TestContext fixed = run("path", f.toString(), "nulls", List.of("", "?"), "parser", parser);
        assertThat(TableIO.read(fixed.output("data")).column("horsepower").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(fixed.metrics).containsEntry("suspected_null_markers", 0.0);
    }

    @Test
    void textColumnsOfWordsAreNotSuspects() throws Exception {
        TestContext ctx = run("path", iris(",", ""));
        assertThat(ctx.metrics).containsEntry("suspected_null_markers", 0.0);
    }
}
