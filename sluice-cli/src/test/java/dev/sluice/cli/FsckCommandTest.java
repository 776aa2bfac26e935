package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice fsck} and repair of the store on the probe of issue 13.6: a table blob well above the size the
 * database keeps a copy of, 4 KiB in its middle overwritten and its modification time put back, so that only its
 * bytes tell; and a small blob the database keeps.
 */
class FsckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: fsck
            steps:
              load: {uses: csv, with: {path: data.csv}}
              note: {uses: file, with: {path: note.txt}}
              total: {uses: sql, inputs: {tables: load.data}, with: {query: "SELECT count(*) AS n, sum(x) AS s FROM data"}}
            """;

    @TempDir
    Path home;
    @TempDir
    Path work;

    private Cli cli;
    private String runId;
    private Path table;
    private Path note;

    @BeforeEach
    void runOnce() throws IOException {
        StringBuilder csv = new StringBuilder("id,x,label\n");
        for (int i = 0; i < 20_000; i++) csv.append(i).append(',').append((i * 7919L) % 10007 / 7.0).append(",r").append(i % 97).append('\n');
        Files.writeString(work.resolve("data.csv"), csv);
        Files.writeString(work.resolve("note.txt"), "a small note\n");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
        JsonNode run = json(cli.run("run", "p.yaml", "--json"), 0);
        runId = run.get("run_id").asText();
        table = Path.of(output(run, "load", "data")); // a run's outputs are where the store keeps them
        note = Path.of(output(run, "note", "file"));
        assertThat(Files.size(table)).as("a table the database keeps no copy of").isGreaterThan(16 * 1024);
    }

    private static JsonNode json(Cli.Result r, int code) throws IOException {
        assertThat(r.code()).as(r.err() + r.out()).isEqualTo(code);
        return JSON.readTree(r.out());
    }

    private static String output(JsonNode run, String step, String port) {
        for (JsonNode s : run.get("steps")) if (s.get("name").asText().equals(step)) return s.get("outputs").get(port).asText();
        throw new AssertionError("no step " + step);
    }

    private String id(Path blob) {
        return "sha256:" + blob.getFileName();
    }

    /** The probe: 4 KiB in the middle overwritten, mode and modification time put back. */
    private static void damageMiddle(Path blob) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(blob);
        var mode = Files.getPosixFilePermissions(blob);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            f.write("X".repeat((int) Math.min(4096, f.length() - at)).getBytes(StandardCharsets.US_ASCII));
        }
        Files.setPosixFilePermissions(blob, mode);
        Files.setLastModifiedTime(blob, mtime);
    }

    private static String sha256(Path file) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** What a fresh process would see: DuckDB reading the stored table from disk. */
    private static long rowsByDuckDb(Path parquet) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM read_parquet('" + parquet + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Path quarantine() {
        return home.resolve("store/quarantine");
    }

    private long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void noCacheRepairsADamagedTableBlobThatTheDigestMemoVouchesFor() throws Exception {
        String id = id(table);
        damageMiddle(table);

        json(cli.run("run", "p.yaml", "--no-cache", "--json"), 0);

        assertThat(sha256(table)).isEqualTo(id);
        assertThat(rowsByDuckDb(table)).isEqualTo(20_000);
    }

    @Test
    void aCleanStoreIsExitZero() throws IOException {
        Cli.Result r = cli.run("fsck");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).matches("checked \\d+ files and 0 folders \\([0-9.]+ KB\\) in " + home.resolve("store")
                + ": no problems\n");
        JsonNode j = json(cli.run("fsck", "--json"), 0);
        assertThat(j.get("clean").asBoolean()).isTrue();
        assertThat(j.get("problems")).isEmpty();
    }

    @Test
    void fsckFindsADamagedTableBlobMovesItAsideAndTheNextRunRecomputesIt() throws Exception {
        String id = id(table);
        long size = Files.size(table);
        damageMiddle(table);

        Cli.Result r = cli.run("fsck");

        assertThat(r.code()).isEqualTo(1);
        assertThat(table).doesNotExist();
        assertThat(filesIn(quarantine())).isEqualTo(1);
        Path moved;
        try (Stream<Path> s = Files.list(quarantine())) {
            moved = s.findFirst().orElseThrow();
        }
        assertThat(r.out()).isEqualTo("damaged  " + id + "  " + Inspection.size(size) + "  moved to " + moved + "\n"
                + "         made by step 'load' of pipeline 'fsck' (run " + runId + "): run the pipeline again and the"
                + " step runs again\n"
                + r.out().lines().toList().getLast() + "\n");
        assertThat(r.out().lines().toList().getLast()).matches("checked \\d+ files and 0 folders \\(.*\\) in "
                + home.resolve("store") + ": 1 problem \\(1 damaged\\)");

        JsonNode again = json(cli.run("fsck", "--json"), 1); // quarantined is gone: the store lacks what a run recorded
        assertThat(again.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("id").asText()).isEqualTo(id);
            assertThat(p.get("problem").asText()).isEqualTo("missing");
            assertThat(p.get("made_by").get(0).get("step").asText()).isEqualTo("load");
        });

        JsonNode rerun = json(cli.run("run", "p.yaml", "--json"), 0);
        assertThat(rerun.get("steps").get(0).get("status").asText()).isEqualTo("succeeded"); // not cached: recomputed
        assertThat(sha256(table)).isEqualTo(id);
        assertThat(json(cli.run("fsck", "--json"), 0).get("clean").asBoolean()).isTrue();
    }

    @Test
    void repairWritesASmallBlobBackFromTheDatabase() throws Exception {
        String id = id(note);
        damageMiddle(note);

        Cli.Result r = cli.run("fsck", "--repair");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("restored " + id + "  13 B  written back from the database's copy\n");
        assertThat(Files.readString(note)).isEqualTo("a small note\n");
        assertThat(json(cli.run("fsck", "--json"), 0).get("clean").asBoolean()).isTrue();
    }

    @Test
    void repairOfABigBlobSaysWhichStepRunsAgainAndTheNextRunDoes() throws Exception {
        String id = id(table);
        damageMiddle(table);
        damageMiddle(note);

        JsonNode r = json(cli.run("fsck", "--repair", "--json"), 1);

        assertThat(r.get("clean").asBoolean()).isFalse();
        assertThat(r.get("problems")).hasSize(2);
        for (JsonNode p : r.get("problems")) {
            assertThat(p.get("problem").asText()).isEqualTo("damaged");
            boolean big = p.get("id").asText().equals(id);
            assertThat(p.get("repaired").asBoolean()).isEqualTo(!big);
            if (big) {
                assertThat(p.get("made_by")).singleElement().satisfies(m -> {
                    assertThat(m.get("pipeline").asText()).isEqualTo("fsck");
                    assertThat(m.get("step").asText()).isEqualTo("load");
                    assertThat(m.get("run_id").asText()).isEqualTo(runId);
                });
                assertThat(Path.of(p.get("quarantined").asText())).exists();
            }
        }
        assertThat(Files.readString(note)).isEqualTo("a small note\n");

        JsonNode rerun = json(cli.run("run", "p.yaml", "--json"), 0);
        assertThat(rerun.get("steps").get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(rerun.get("steps").get(1).get("status").asText()).isEqualTo("cached");
        assertThat(rowsByDuckDb(table)).isEqualTo(20_000);
        assertThat(json(cli.run("fsck", "--repair", "--json"), 0).get("clean").asBoolean()).isTrue();
    }

    @Test
    void aMissingBlobIsReported() throws IOException {
        String id = id(table);
        Files.delete(table);

        Cli.Result r = cli.run("fsck");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("missing  " + id + "  -  not in the store\n"
                + "         made by step 'load' of pipeline 'fsck' (run " + runId + "): run the pipeline again and the"
                + " step runs again\n");
    }

    @Test
    void extraArgumentsAreAUsageError() {
        Cli.Result r = cli.run("fsck", "everything");

        assertThat(r.code()).isEqualTo(2);
        assertThat(cli.run("fsck", "--help").out()).startsWith("Usage: sluice fsck").contains("Exit codes:");
    }
}
