package dev.sluice.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV files through the {@code csv} step with {@code on_error: quarantine}: it either fails with a user error or
 * writes a table, and it never rewrites data: a value holds U+FFFD only when the file does (invalid UTF-8 is refused
 * or quarantined, never replaced). Anything but a {@code PipelineException} is a finding.
 */
class CsvStepFuzzTest {
    private static Path dir;
    private static Connection duck;

    @BeforeAll
    static void open() throws IOException, SQLException {
        dir = Files.createDirectories(Path.of("target", "fuzz-csv").toAbsolutePath());
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    @FuzzTest
    // ASCII without control characters or quotes: Jazzer writes entries to libFuzzer's dictionary file unescaped
    @DictionaryEntries({"NA", "null", "N/A", "true", "false", "1e400", "-0", "1.5", "9223372036854775808", "2024-01-31",
            "2024-01-31 12:00:00", "nan", "inf", "1_000", "0x10"})
    void readsOrRefusesAndNeverRewritesData(byte[] input) throws IOException, SQLException {
        Path file = dir.resolve("input.csv");
        Files.write(file, input);
        CsvStep.Outcome read = CsvStep.read(file, "auto", fresh("step"));
        if (read.error().isPresent()) return;
        Table t = table(read.data().orElseThrow());
        assertThat(read.metrics().get("rows")).as("rows").isEqualTo((double) t.rows().size());
        if (!strictUtf8(input).orElse("").contains("\uFFFD")) {
            assertThat(t.rows().toString()).as("a value the file does not hold").doesNotContain("\uFFFD");
        }
    }

    private static Path fresh(String name) throws IOException {
        Path d = dir.resolve(name);
        if (Files.exists(d)) {
            try (var files = Files.walk(d)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        return Files.createDirectories(d);
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A Parquet table read back: "name type" per column, then every row's values. */
    record Table(List<String> columns, List<List<Object>> rows) {}

    private static Table table(Path parquet) throws SQLException {
        String from = "read_parquet('" + parquet.toString().replace("'", "''") + "')";
        List<String> columns = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + from)) {
            while (rs.next()) columns.add(rs.getString(1) + " " + rs.getString(2));
        }
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + from)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
                rows.add(row);
            }
        }
        return new Table(columns, rows);
    }
}
