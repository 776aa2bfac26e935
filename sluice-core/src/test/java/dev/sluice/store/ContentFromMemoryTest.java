package dev.sluice.store;

import dev.sluice.api.PortKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalArtifactStore#put(ArtifactStore.Content, PortKind, boolean)}: bytes stored from memory are the same
 * artifact a file of them would be, a damaged copy is replaced, and a claim that the bytes are kept elsewhere spares
 * the fsync of that put only, never another writer's.
 */
class ContentFromMemoryTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    private static ArtifactStore.Content content(String text, String name) {
        return new ArtifactStore.Content(text.getBytes(StandardCharsets.UTF_8), name, Optional.empty());
    }

    @Test
    void bytesAreStoredAsTheirFileWouldBe() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(home, true);
        Path file = Files.writeString(work.resolve("data.csv"), "x,y\n1,2\n");

        StoredArtifact fromMemory = store.put(content("x,y\n1,2\n", "data.csv"), PortKind.TABLE, true);

        assertThat(fromMemory).isEqualTo(store.put(file, PortKind.TABLE, false));
        Path blob = store.path(fromMemory.digest()).orElseThrow();
        assertThat(blob).hasContent("x,y\n1,2");
        assertThat(Files.getPosixFilePermissions(blob)).doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Path target = work.resolve("next/in.csv");
        store.materialize(fromMemory.digest(), target);
        assertThat(target).hasContent("x,y\n1,2");
        assertThat(store.verify(fromMemory.digest())).isTrue();
    }

    @Test
    void aDamagedCopyIsReplacedByTheBytes() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(home);
        StoredArtifact a = store.put(content("weights", "m.bin"), PortKind.MODEL, false);
        Path blob = store.path(a.digest()).orElseThrow();
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "wEights"); // same size: only the bytes tell

        assertThat(store.put(content("weights", "m.bin"), PortKind.MODEL, false)).isEqualTo(a);

        assertThat(blob).hasContent("weights");
        assertThat(Files.getPosixFilePermissions(blob)).doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aClaimedPutLeavesNothingToSyncWhetherTheBlobIsNewOrNot() {
        LocalArtifactStore store = new LocalArtifactStore(home, true);
        StoredArtifact a = store.put(content("one", "a.txt"), PortKind.FILE, true);
        Path blob = store.layout().blob(a.digest());
        assertThat(store.syncer().isPending(blob)).isFalse();

        store.put(content("one", "b.txt"), PortKind.FILE, true);
        assertThat(store.syncer().isPending(blob)).as("stored again, kept elsewhere again: no fsync").isFalse();

        store.put(content("one", "c.txt"), PortKind.FILE, false);
        assertThat(store.syncer().isPending(blob)).as("a writer that keeps no copy gets its fsync").isTrue();
        assertThat(store.syncer().isPending(blob.getParent())).isTrue();
    }

    @Test
    void aClaimedPutDoesNotCancelAnotherWritersSync() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(home, true);
        StoredArtifact a = store.put(Files.writeString(work.resolve("a.txt"), "two"), PortKind.FILE, false);
        Path blob = store.layout().blob(a.digest());
        assertThat(store.syncer().isPending(blob)).isTrue();

        store.put(content("two", "b.txt"), PortKind.FILE, true);

        assertThat(store.syncer().isPending(blob)).as("the first writer keeps no copy of its own").isTrue();
        store.syncer().syncPending();
        assertThat(store.syncer().isPending(blob)).isFalse();
    }

    @Test
    void theDefaultStoresThroughATemporaryFile() {
        LocalArtifactStore local = new LocalArtifactStore(home);
        ArtifactStore plain = new ArtifactStore() { // a store that only implements the file path
            @Override public StoredArtifact put(Path source, PortKind kind, boolean move) { return local.put(source, kind, move); }
            @Override public Optional<Path> path(Digest digest) { return local.path(digest); }
            @Override public Verification verify(ContentStamp stamp) { return local.verify(stamp); }
            @Override public void materialize(Digest digest, Path target) { local.materialize(digest, target); }
            @Override public java.util.stream.Stream<Digest> list() { return local.list(); }
            @Override public long delete(Digest digest) { return local.delete(digest); }
        };

        StoredArtifact a = plain.put(content("{}", "value.json"), PortKind.VALUE, true);

        assertThat(a.mediaType()).isEqualTo("application/json");
        assertThat(plain.path(a.digest()).orElseThrow()).hasContent("{}");
    }
}
