package dev.sluice.store;

import dev.sluice.api.PortKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StoreAudit} on stores damaged in each way it reports: folder cases, and what the metadata names. */
class StoreAuditTest {
    @TempDir
    Path tmp;

    private LocalArtifactStore store;
    private Digest folder;
    private Digest file;

    @BeforeEach
    void fill() throws IOException {
        store = new LocalArtifactStore(tmp.resolve("home"));
        Path model = Files.createDirectories(tmp.resolve("work/model"));
        Files.writeString(model.resolve("model.json"), "{\"type\": \"tree\"}");
        Files.writeString(model.resolve("weights.bin"), "0123456789");
        folder = store.put(model, PortKind.MODEL, false).digest();
        file = store.put(Files.writeString(tmp.resolve("work/data.csv"), "a,b\n1,2\n"), PortKind.TABLE, false).digest();
        store.path(folder); // builds the folder's tree
    }

    private StoreAudit.Report audit(Digest... recorded) {
        List<long[]> progress = new ArrayList<>();
        StoreAudit.Report r = new StoreAudit(store, List.of(recorded)).run((f, tf, b, tb) -> progress.add(new long[] {f, tf, b, tb}));
        assertThat(progress).isNotEmpty().last().satisfies(last -> {
            assertThat(last[0]).isEqualTo(last[1]);
            assertThat(last[2]).isEqualTo(last[3]);
        });
        for (int i = 0; i < progress.size(); i++) {   // once per file checked, manifests and blobs alike
            assertThat(progress.get(i)[0]).as("files checked at call " + i).isEqualTo(i + 1);
            if (i > 0) assertThat(progress.get(i)[2]).isGreaterThanOrEqualTo(progress.get(i - 1)[2]);
        }
        return r;
    }

    private Path manifest(Digest d) {
        return store.root().resolve("manifests").resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    private Path blob(Digest d) {
        return store.root().resolve("blobs").resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    @Test
    void anIntactStoreHasNoProblems() {
        StoreAudit.Report r = audit(folder, file);

        assertThat(r.problems()).isEmpty();
        assertThat(r.files()).isEqualTo(3);
        assertThat(r.folders()).isEqualTo(1);
        assertThat(r.staleTrees()).isZero();
        assertThat(store.root().resolve("trees").resolve(folder.hex())).isDirectory();
    }

    @Test
    void aDamagedManifestIsMovedAsideWithItsTree() throws IOException {
        Files.setPosixFilePermissions(manifest(folder), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(manifest(folder), Files.readString(manifest(folder)).replace("weights", "weighty"));

        StoreAudit.Report r = audit(folder);

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.digest()).isEqualTo(folder);
            assertThat(p.kind()).isEqualTo(StoreAudit.Kind.DAMAGED_MANIFEST);
            assertThat(p.quarantined()).hasValueSatisfying(q -> assertThat(q.getFileName().toString())
                    .startsWith("manifest-" + folder.hex() + "-"));
        });
        assertThat(manifest(folder)).doesNotExist();
        assertThat(store.root().resolve("trees").resolve(folder.hex())).doesNotExist();
        assertThat(store.path(folder)).isEmpty();
    }

    @Test
    void aFileAFolderListsButTheStoreLacksIsMissingAndNamesTheFolder() throws IOException {
        Digest weights = Hasher.hash("0123456789".getBytes());
        Files.delete(blob(weights));

        StoreAudit.Report r = audit(folder, file);

        assertThat(r.problems()).singleElement().isEqualTo(new StoreAudit.Problem(weights, StoreAudit.Kind.MISSING, -1,
                Optional.empty(), List.of(folder)));
    }

    @Test
    void aRecordedArtifactTheStoreLacksIsMissing() {
        Digest never = Hasher.hash("never stored".getBytes());

        assertThat(audit(file, never).problems()).extracting(StoreAudit.Problem::digest).containsExactly(never);
    }

    @Test
    void aTreeThatNoLongerLinksItsBlobsIsDroppedAndRebuilt() throws IOException {
        Digest weights = Hasher.hash("0123456789".getBytes());
        Path tree = store.path(folder).orElseThrow();
        Path copy = tmp.resolve("copy");
        Files.copy(blob(weights), copy);
        Files.move(copy, blob(weights), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same bytes, a new file

        StoreAudit.Report r = audit(folder);

        assertThat(r.problems()).isEmpty();
        assertThat(r.staleTrees()).isEqualTo(1);
        assertThat(tree).doesNotExist();
        assertThat(Files.isSameFile(store.path(folder).orElseThrow().resolve("weights.bin"), blob(weights))).isTrue();
    }

    @Test
    void aDamagedBlobIsMovedToQuarantineAndReportedWithItsSizeAndTheFolderThatListsIt() throws IOException {
        Digest weights = Hasher.hash("0123456789".getBytes());
        Files.setPosixFilePermissions(blob(weights), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob(weights), "9876543210");   // same size, other bytes

        StoreAudit.Report r = audit(folder, file);

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.digest()).isEqualTo(weights);
            assertThat(p.kind()).isEqualTo(StoreAudit.Kind.DAMAGED);
            assertThat(p.size()).isEqualTo(10);
            assertThat(p.folders()).containsExactly(folder);
            assertThat(p.quarantined()).hasValueSatisfying(q -> {
                assertThat(q.getFileName().toString()).startsWith(weights.hex());
                assertThat(q).hasContent("9876543210");
            });
        });
        assertThat(blob(weights)).doesNotExist();
        assertThat(store.root().resolve("trees").resolve(folder.hex())).as("the tree that linked it").doesNotExist();
        assertThat(r.staleTrees()).as("dropped with the blob, not found stale afterwards").isZero();
        assertThat(r.bytes()).as("the manifest, model.json, weights.bin and data.csv")
                .isEqualTo(Files.size(manifest(folder)) + "{\"type\": \"tree\"}".length() + 10 + "a,b\n1,2\n".length());
    }

    @Test
    void problemsAreListedInDigestOrder() throws IOException {
        List<Digest> damaged = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Digest d = store.put(Files.writeString(tmp.resolve("work/f" + i), "file " + i), PortKind.FILE, false).digest();
            Files.setPosixFilePermissions(blob(d), PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(blob(d), "damaged " + i);
            damaged.add(d);
        }
        List<Digest> never = new ArrayList<>();
        for (int i = 0; i < 6; i++) never.add(Hasher.hash(("never stored " + i).getBytes()));

        List<StoreAudit.Problem> problems = audit(never.toArray(Digest[]::new)).problems();

        assertThat(problems).hasSize(12);
        assertThat(problems.subList(0, 6)).extracting(StoreAudit.Problem::digest)
                .containsExactlyElementsOf(damaged.stream().sorted(java.util.Comparator.comparing(Digest::hex)).toList());
        assertThat(problems.subList(6, 12)).extracting(StoreAudit.Problem::digest)
                .containsExactlyElementsOf(never.stream().sorted(java.util.Comparator.comparing(Digest::hex)).toList());
    }
}
