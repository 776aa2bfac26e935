package dev.sluice.s3;

import dev.sluice.api.PortKind;
import dev.sluice.store.ContentStamp;
import dev.sluice.store.Digest;
import dev.sluice.store.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the S3 store reads, on a real S3-compatible server: another machine gets a folder with its structure and
 * executable bits from the bucket, a cached copy that was written to is read back from the bucket, a damaged object is
 * written back from an intact cached copy, and one with no intact copy anywhere is moved to quarantine and never
 * served.
 */
class S3StoreReadsTest {
    @TempDir
    Path tmp;
    private final S3Server server = S3Server.get();
    private final S3Client raw = server.client();
    private final S3Location location = new S3Location(S3Server.BUCKET, S3Server.freshPrefix());

    @AfterEach
    void close() {
        raw.close();
    }

    @Test
    void anotherMachineGetsAFolderFromTheBucketWithItsStructureAndExecutableBits() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("out/bin"));
        Files.writeString(folder.resolve("run.sh"), "echo hi\n");
        Files.setPosixFilePermissions(folder.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("out/data.csv"), "x\n1\n");
        Digest d;
        try (S3ArtifactStore writer = store("writer")) {
            d = writer.put(tmp.resolve("out"), PortKind.FOLDER, true).digest();
        }
        assertThat(tmp.resolve("out")).doesNotExist();

        try (S3ArtifactStore reader = store("reader")) {
            assertThat(reader.contains(d)).isTrue();
            Path target = tmp.resolve("step/inputs/data");
            reader.materialize(d, target);
            assertThat(target.resolve("data.csv")).hasContent("x\n1\n");
            assertThat(Files.isExecutable(target.resolve("bin/run.sh"))).isTrue();
            assertThat(reader.verify(d)).isTrue();
        }
    }

    @Test
    void aCachedCopyAStepWroteToIsReadBackFromTheBucket() throws IOException {
        try (S3ArtifactStore store = store("machine")) {
            Digest d = store.put(Files.writeString(tmp.resolve("model.bin"), "weights"), PortKind.MODEL, false).digest();
            Path cached = store.path(d).orElseThrow();
            ContentStamp stamp = store.stamp(d);
            cached.toFile().setWritable(true);
            Files.writeString(cached, "WEIGHTS"); // a step writing through its input's link

            Verification v = store.verify(stamp);
            assertThat(v.state()).isEqualTo(Verification.State.RESTORED);
            assertThat(store.path(d).orElseThrow()).hasContent("weights");
        }
    }

    @Test
    void aDamagedObjectIsWrittenBackFromAnIntactCachedCopy() throws IOException {
        try (S3ArtifactStore store = store("machine")) {
            Digest d = store.put(Files.writeString(tmp.resolve("t.csv"), "a,b\n1,2\n"), PortKind.TABLE, false).digest();
            raw.putObject(b -> b.bucket(location.bucket()).key(location.blobKey(d)), RequestBody.fromString("a,b\n1,3\n"));

            assertThat(store.verify(ContentStamp.unknown(d)).state()).isEqualTo(Verification.State.RESTORED);
            assertThat(raw.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.blobKey(d))).asUtf8String())
                    .isEqualTo("a,b\n1,2\n");
        }
    }

    @Test
    void aDamagedObjectWithNoIntactCopyIsQuarantinedAndNeverServed() throws IOException {
        Digest d;
        try (S3ArtifactStore writer = store("writer")) {
            d = writer.put(Files.writeString(tmp.resolve("t.csv"), "a,b\n1,2\n"), PortKind.TABLE, false).digest();
        }
        raw.putObject(b -> b.bucket(location.bucket()).key(location.blobKey(d)), RequestBody.fromString("a,b\n1,3\n"));

        try (S3ArtifactStore reader = store("reader")) {
            assertThatThrownBy(() -> reader.path(d))
                    .hasMessageContaining("artifact " + d + " in " + location + " does not hash to its digest");
            assertThat(reader.verify(ContentStamp.unknown(d)).state()).isEqualTo(Verification.State.QUARANTINED);
            assertThat(reader.contains(d)).isFalse();
            assertThat(reader.path(d)).isEmpty();
            assertThat(reader.list()).isEmpty();
        }
        assertThat(raw.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.prefix() + "quarantine/")).contents())
                .singleElement().satisfies(o -> assertThat(o.key()).startsWith(location.quarantineKey(location.blobKey(d))));
    }

    @Test
    void askingWhatTheStoreHoldsWritesNothingLocally() throws IOException {
        Digest d;
        try (S3ArtifactStore writer = store("writer")) {
            d = writer.put(Files.writeString(tmp.resolve("f.txt"), "x"), PortKind.FILE, false).digest();
        }
        Digest never = Sha256.of(new byte[] {1});
        try (S3ArtifactStore reader = store("reader")) {
            assertThat(reader.contains(d)).isTrue();
            assertThat(reader.contains(never)).isFalse();
            assertThat(reader.list()).containsExactly(d);
            assertThat(reader.path(never)).isEmpty();
            assertThat(reader.verify(never)).isFalse();
            assertThat(reader.entry(d)).contains(new dev.sluice.store.StoreInventory.Entry(1, false));
        }
        assertThat(tmp.resolve("reader")).doesNotExist();
    }

    private S3ArtifactStore store(String name) {
        return new S3ArtifactStore(server.client(), true, location, tmp.resolve(name), S3Objects.DEFAULT_PART_SIZE, "S3Mock");
    }
}
