package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.testing.TestContext;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The csv step never changes data silently and never quotes the file in a message: text that is not UTF-8 and
 * quotes that are never closed are rejected with line and field by both parsers alike; what is not a regular text
 * file is refused.
 */
class CsvIntegrityTest {
    private static final String QUARANTINE_HINT = " Fix the file, force a column's type with columns: [\"name:string\"],"
            + " or set on_error: quarantine to send malformed rows to the 'rejects' output.";

    @TempDir Path dir;

    private TestContext run(Object... params) throws Exception {
        TestContext ctx = new TestContext(dir.resolve("step" + System.nanoTime()));
        for (int i = 0; i < params.length; i += 2) ctx.param((String) params[i], params[i + 1]);
        ctx.bind(CsvComponent.SPEC);
        new CsvComponent().run(ctx);
        return ctx;
    }

    private String file(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f.toString();
    }

    private String file(String name, String content) throws Exception {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "duckdb"})
    void textThatIsNotUtf8IsAMalformedRowNamingLineAndColumnNeverAReplacementCharacter(String parser) throws Exception {
        // "café" in Latin-1: the byte E9 alone is not UTF-8
        byte[] latin1 = "id,name,n\n1,caf\u00e9,3\n2,ok,4\n".getBytes(StandardCharsets.ISO_8859_1);
        String path = file("latin1.csv", latin1);
        assertThatThrownBy(() -> run("path", path, "parser", parser))
                .isInstanceOf(PipelineException.class)
                .hasMessage(path + ":2: column 'name' (field 2): the text is not valid UTF-8\n  1 malformed row in " + path + "."
                        + QUARANTINE_HINT);

        TestContext ctx = run("path", path, "parser", parser, "on_error", "quarantine");
        Frame data = TableIO.read(ctx.output("data"));
        assertThat(((Column.Strings) data.column("name")).values()).containsExactly("ok");
        Frame rejects = TableIO.read(ctx.output("rejects"));
        assertThat(((Column.Longs) rejects.column("line")).values()).containsExactly(2L);
        assertThat(ctx.metrics).containsEntry("rejected_rows", 1.0).containsEntry("rows", 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "duckdb"})
    void aQuoteNeverClosedFailsTheStepEvenInQuarantineWhateverTheParser(String parser) throws Exception {
        String path = file("open.csv", "id,note,churn\n1,\"abc,Yes\n2,x,No\n");
        String expected = "csv: " + path + ":2: field 2 (byte 16): a quoted field is not closed where it should end:"
                + " a quote is missing, or a quote inside the field is not doubled (\"\").\n"
                + "  No reader can tell where the rows after it start, so on_error: quarantine cannot set it aside: fix the file.";
        assertThatThrownBy(() -> run("path", path, "parser", parser)).hasMessage(expected);
        assertThatThrownBy(() -> run("path", path, "parser", parser, "on_error", "quarantine")).hasMessage(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "duckdb"})
    void aQuoteNeverClosedInALargeFileLosesNoRowsSilently(String parser) throws Exception {
        // DuckDB alone would reject line 25,002 and drop the 4,999 rows after it
        StringBuilder text = new StringBuilder("id,note,churn\n");
        for (int i = 0; i < 30_000; i++) text.append(i).append(i == 25_000 ? ",\"abc" : ",n" + i).append(",Yes\n");
        String path = file("big.csv", text.toString());
        assertThatThrownBy(() -> run("path", path, "parser", parser, "on_error", "quarantine"))
                .hasMessageStartingWith("csv: " + path + ":25002: field 2 (byte ")
                .hasMessageContaining("a quoted field is not closed where it should end");
    }

    @Test
    void aNamedPipeIsRefusedNotReadAsAStream() throws Exception {
        Path fifo = dir.resolve("pipe.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThatThrownBy(() -> run("path", fifo.toString()))
                .hasMessage("csv: '" + fifo + "' is not a regular file (a named pipe, a device or a socket). A csv step reads"
                        + " its file twice (to digest it for the cache, then to parse it), which a stream does not allow:"
                        + " save it to a file first");
    }

    @Test
    void aDeviceIsRefused() {
        assertThatThrownBy(() -> run("path", "/dev/null")).hasMessageStartingWith("csv: '/dev/null' is not a regular file");
    }

    @Test
    void aProcFileIsRefusedNotReadAsEmpty() {
        assertThatThrownBy(() -> run("path", "/proc/self/environ"))
                .hasMessage("csv: '/proc/self/environ' reports a size of 0 bytes but has content (a /proc or /sys file?),"
                        + " so it cannot be digested for the cache: copy it to a regular file first");
    }

    @Test
    void anEmptyFileAFolderAndABinaryFileAreRefused() throws Exception {
        String empty = file("empty.csv", "");
        assertThatThrownBy(() -> run("path", empty)).hasMessage("csv: '" + empty + "' is empty; a CSV file needs at least a header line");
        assertThatThrownBy(() -> run("path", dir.toString())).hasMessage("csv: '" + dir + "' is a folder; name a CSV file");
        String binary = file("model.bin", new byte[] {'a', ',', 'b', '\n', '1', ',', 0, 2, '\n'});
        assertThatThrownBy(() -> run("path", binary))
                .hasMessage("csv: " + binary + ":2: byte 6 is a NUL byte: this is not a text file (a CSV file is UTF-8 text)");
        String utf16 = file("utf16.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_16));
        assertThatThrownBy(() -> run("path", utf16)).hasMessageContaining("is UTF-16 or UTF-32 text");
    }

    @Test
    void aPasswordFileIsRefusedWithoutQuotingIt() throws Exception {
        // the shape of /etc/shadow: one ':'-separated record per line, no comma
        String secret = "$6$saltsalt$hashhashhash";
        String path = file("shadow", "root:" + secret + ":20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n");
        assertThatThrownBy(() -> run("path", path))
                .hasMessage("csv: " + path + ":1: the first line is one field that holds ':' 8 times (reading with delimiter ','):"
                        + " the file is probably ':'-separated; set delimiter: \":\"")
                .message().doesNotContain(secret).doesNotContain("root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "duckdb"})
    void malformedRowMessagesNameLinesAndFieldsNeverValues(String parser) throws Exception {
        String path = file("m.csv", "id,secret\n1,alpha\n2,bravo,extra\nthree,charlie\n");
        assertThatThrownBy(() -> run("path", path, "parser", parser, "columns", java.util.List.of("id:int")))
                .hasMessage(path + ":3: expected 2 fields, found 3\n"
                        + path + ":4: column 'id' (field 1): the value is not a BIGINT\n"
                        + "  2 malformed rows in " + path + "." + QUARANTINE_HINT)
                .message().doesNotContain("bravo").doesNotContain("three").doesNotContain("charlie");
    }
}
