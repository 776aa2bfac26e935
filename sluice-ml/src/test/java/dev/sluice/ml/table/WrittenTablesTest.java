package dev.sluice.ml.table;

import dev.sluice.api.PortKind;
import dev.sluice.store.Digest;
import dev.sluice.store.LocalArtifactStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrittenTablesTest {
    @TempDir Path dir;

    @AfterEach
    void forget() {
        WrittenTables.clear();
    }

    private static Frame frame() {
        return new Frame(List.of(new Column.Longs("id", new long[]{1, 2, 3}, null),
                new Column.Strings("name", new String[]{"a", null, "c"}),
                new Column.Doubles("x", new double[]{0.5, 1.5, 2.5}, null)));
    }

    @Test
    void aTableReadBackAfterTheStoreLinksAndRenamesItIsTheFrameThatWasWritten() throws IOException {
        Frame written = frame();
        Path out = dir.resolve("step-out/data.parquet");
        TableIO.write(written, out);
        // what the artifact store does with a step's output: a hard link, renamed to the blob's name
        Path blob = dir.resolve("store/blobs/ab/abcdef");
        Files.createDirectories(blob.getParent());
        Path temp = dir.resolve("store/tmp-blob");
        Files.createLink(temp, out);
        Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);

        assertThat(TableIO.read(blob)).isSameAs(written);
        assertThat(TableIO.read(blob, List.of("x", "id")).columns())
                .containsExactly(written.column("x"), written.column("id"));
        assertThat(TableIO.schema(blob)).isEqualTo(TableIO.schema(copyOf(blob)));
        assertThatThrownBy(() -> TableIO.read(blob, List.of("nmae")))
                .hasMessageContaining("has no column 'nmae'");
    }

    @Test
    void aBlobTheStoreAlreadyHeldIsRecognisedAsTheTableWrittenAgain() {
        LocalArtifactStore store = new LocalArtifactStore(dir.resolve("home"));
        Path first = dir.resolve("run1/data.parquet");
        TableIO.write(frame(), first);
        Digest digest = store.put(first, PortKind.TABLE, true).digest();
        WrittenTables.clear();   // as if an earlier process had written the blob
        Frame again = frame();   // the next run writes the same bytes: the store keeps its blob and drops the new file
        Path second = dir.resolve("run2/data.parquet");
        TableIO.write(again, second);
        assertThat(store.put(second, PortKind.TABLE, true).digest()).isEqualTo(digest);

        assertThat(TableIO.read(store.path(digest).orElseThrow())).isSameAs(again);
    }

    @Test
    void aCopyOrARewrittenFileIsReadFromDisk() throws Exception {
        Frame written = frame();
        Path out = dir.resolve("data.parquet");
        TableIO.write(written, out);

        Frame fromCopy = TableIO.read(copyOf(out));
        assertThat(fromCopy).isNotSameAs(written);
        assertThat(((Column.Longs) fromCopy.column("id")).values()).containsExactly(1, 2, 3);

        try (DuckSession db = DuckSession.open(1)) {   // another writer replaces the file: new contents, new file
            db.copyToParquet("SELECT 7::BIGINT AS id", out);
        }
        assertThat(((Column.Longs) TableIO.read(out).column("id")).values()).containsExactly(7);
    }

    @Test
    void readingFromDiskGivesWhatTheRememberedFrameHolds() {
        Frame written = frame();
        Path out = dir.resolve("data.parquet");
        TableIO.write(written, out);
        Frame remembered = TableIO.read(out);
        WrittenTables.clear();
        Frame fromDisk = TableIO.read(out);

        assertThat(fromDisk).isNotSameAs(remembered);
        assertThat(TableIO.schemaOf(remembered)).isEqualTo(TableIO.schema(out));
        for (Column c : remembered.columns()) {
            Column d = fromDisk.column(c.name());
            for (int i = 0; i < c.size(); i++) assertThat(d.isNull(i)).isEqualTo(c.isNull(i));
        }
        assertThat(((Column.Strings) fromDisk.column("name")).values())
                .containsExactly(((Column.Strings) remembered.column("name")).values());
        assertThat(((Column.Doubles) fromDisk.column("x")).values())
                .containsExactly(((Column.Doubles) remembered.column("x")).values());
    }

    private Path copyOf(Path file) throws IOException {
        Path copy = dir.resolve("copy-" + System.nanoTime() + ".parquet");
        Files.copy(file, copy);
        return copy;
    }
}
