package dev.sluice.s3;

import dev.sluice.store.ArtifactStore;
import dev.sluice.store.Digest;
import dev.sluice.testing.ArtifactStoreContract;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store contract every {@link ArtifactStore} passes, run against {@link S3ArtifactStore} on a real S3-compatible
 * server (S3Mock on 127.0.0.1, {@link S3Server}). Damage is done to the objects in the bucket, and the store is then
 * opened again with an empty cache, as another machine would see the bucket.
 */
class S3ArtifactStoreTest extends ArtifactStoreContract {
    private final S3Client client = S3Server.get().client();
    private S3Location location;
    private int opened;

    @Override
    protected ArtifactStore open(Path home) {
        location = new S3Location(S3Server.BUCKET, S3Server.freshPrefix());
        return new S3ArtifactStore(client, false, location, home, S3Objects.DEFAULT_PART_SIZE, "S3Mock");
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Override
    protected void corrupt(Digest artifact, String relative) throws IOException {
        Digest file = relative.isEmpty() ? artifact
                : Sha256.of(Files.readAllBytes(store.path(artifact).orElseThrow().resolve(relative)));
        String key = location.blobKey(file);
        byte[] bytes = client.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asByteArray();
        bytes[0] ^= 1;
        client.putObject(b -> b.bucket(location.bucket()).key(key), RequestBody.fromBytes(bytes));
        reopenWithAnEmptyCache();
    }

    @Override
    protected void lose(Digest artifact) {
        client.deleteObject(b -> b.bucket(location.bucket()).key(location.blobKey(artifact)));
        reopenWithAnEmptyCache();
    }

    private void reopenWithAnEmptyCache() {
        store = new S3ArtifactStore(client, false, location, tmp.resolve("other-machine-" + ++opened),
                S3Objects.DEFAULT_PART_SIZE, "S3Mock");
    }
}
