package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepContext;
import dev.sluice.api.StepStatus;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.AfterEach;
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
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe of issue 13.6 in a real workspace: 4 KiB in the middle of a big stored output overwritten and its
 * modification time put back. The cache lookup notices (the change time moved) and recomputes it; {@code --no-cache}
 * repairs it; and a step that fails reading damage no lookup saw (written between producer and reader, or below the
 * file system) learns why, and the next run recomputes it.
 */
class DamagedStoreTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;
    private Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    /** Writes 256 KiB of numbered lines (a stored blob far above the size the database keeps a copy of). */
    public static final class Table implements Component {
        public ComponentSpec spec() {
            return ComponentSpec.builder("damage-table", "1").output("data", PortKind.FILE).build();
        }

        public void run(StepContext ctx) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int i = 0; b.length() < 256 * 1024; i++) b.append("row,").append(i).append('\n');
            Files.writeString(ctx.outputFile("data", "data.csv"), b);
        }
    }

    /** Reads its input strictly, as a Parquet decoder does: bytes it does not expect are an error. */
    public static final class StrictReader implements Component {
        public ComponentSpec spec() {
            return ComponentSpec.builder("damage-reader", "1").input("data", PortKind.FILE)
                    .param("label", ParamType.STRING, "").output("out", PortKind.FILE).build();
        }

        public void run(StepContext ctx) throws IOException {
            String text = Files.readString(ctx.input("data"));
            int bad = text.indexOf('X');
            if (bad >= 0) throw new IOException("decompression failure at byte " + bad);
            Files.writeString(ctx.outputFile("out", "lines.txt"), ctx.stringParam("label") + text.lines().count());
        }
    }

    /** Damages the stored file it is given, as a step writing through its input (or a failing disk) would. */
    public static final class Saboteur implements Component {
        public ComponentSpec spec() {
            return ComponentSpec.builder("damage-saboteur", "1").input("data", PortKind.FILE).build();
        }

        public void run(StepContext ctx) throws IOException {
            damageMiddle(ctx.input("data"));
        }
    }

    private Pipeline pipeline(String label, boolean sabotage) {
        var p = Pipeline.builder("damage").baseDir(dir).step("table", s -> s.uses(Table.class.getName()));
        if (sabotage) p.step("saboteur", s -> s.uses(Saboteur.class.getName()).input("data", "table.data"));
        return p.step("read", s -> {
            s.uses(StrictReader.class.getName()).input("data", "table.data").with("label", label);
            if (sabotage) s.after("saboteur");
        }).build();
    }

    private RunResult run(String label, boolean noCache) {
        return run(label, noCache, false);
    }

    private RunResult run(String label, boolean noCache, boolean sabotage) {
        return new LocalExecutor(new RunOptions(2, noCache, home), ws).run(pipeline(label, sabotage), RunListener.NONE);
    }

    private Path tableBlob(RunResult r) {
        return (Path) r.step("table").orElseThrow().outputs().get("data");
    }

    private static void damageMiddle(Path blob) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(blob);
        var mode = Files.getPosixFilePermissions(blob);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write("X".repeat(4096).getBytes(StandardCharsets.US_ASCII));
        }
        Files.setPosixFilePermissions(blob, mode);
        Files.setLastModifiedTime(blob, mtime);
    }

    private static String sha256(Path file) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aStepThatCannotReadADamagedInputSaysSoAndTheNextRunRecomputesIt() throws Exception {
        RunResult first = run("a", false, true); // the saboteur damages the table between its producer and reader
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        Path blob = tableBlob(first);
        String id = "sha256:" + blob.getFileName();
        Path quarantine = ws.home().resolve("store/quarantine");
        assertThat(first.step("read").orElseThrow().error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("input 'data' (" + id + ") is damaged in the store: its content no longer matches its digest."
                        + " It was moved to " + quarantine.resolve(blob.getFileName() + "-"))
                .matches(".*; run the pipeline again and the step that produced it runs again \\('sluice fsck' checks the"
                        + " whole store\\)\\. The step failed with: decompression failure at byte \\d+"));
        assertThat(blob).doesNotExist();

        RunResult second = run("a", false);
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.step("table").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(sha256(blob)).isEqualTo(id);
    }

    @Test
    void aCachedOutputDamagedWithItsModificationTimeSetBackIsRecomputed() throws Exception {
        RunResult first = run("a", false);
        Path blob = tableBlob(first);
        String id = "sha256:" + blob.getFileName();
        Files.setLastModifiedTime(blob, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000)); // stored a while ago
        assertThat(run("a", false).step("table").orElseThrow().status()).isEqualTo(StepStatus.CACHED); // the memo has it
        damageMiddle(blob);

        RunResult third = run("b", false);

        assertThat(third.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(third.step("table").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(sha256(blob)).isEqualTo(id);
    }

    @Test
    void noCacheRepairsADamagedOutputByStoringTheRecomputedCopy() throws Exception {
        RunResult first = run("a", false);
        Path blob = tableBlob(first);
        String id = "sha256:" + blob.getFileName();
        damageMiddle(blob);

        RunResult again = run("a", true);

        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sha256(blob)).isEqualTo(id);
        assertThat(ws.store().verify(Digest.parse(id))).isTrue();
    }
}
