package dev.sluice.s3;

import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationTest {
    private static final Digest D = new Digest("ab" + "0".repeat(62));

    @Test
    void keysAreThePrefixAFixedFolderAndTheDigest() {
        S3Location l = S3Location.parse(URI.create("s3://team-bucket/ml/sluice"));

        assertThat(l).isEqualTo(new S3Location("team-bucket", "ml/sluice/"));
        assertThat(l.blobKey(D)).isEqualTo("ml/sluice/blobs/ab/" + D.hex());
        assertThat(l.manifestKey(D)).isEqualTo("ml/sluice/manifests/ab/" + D.hex());
        assertThat(l.quarantineKey(l.blobKey(D))).isEqualTo("ml/sluice/quarantine/blobs/ab/" + D.hex());
        assertThat(l).hasToString("s3://team-bucket/ml/sluice/");
        assertThat(S3Location.parse(URI.create("s3://team-bucket")).blobKey(D)).isEqualTo("blobs/ab/" + D.hex());
        assertThat(S3Location.parse(URI.create("s3://team-bucket/ml/"))).isEqualTo(new S3Location("team-bucket", "ml/"));
    }

    @Test
    void aPrefixThatClimbsOrIsNotPlainIsRefused() {
        for (String bad : new String[] {"s3://b-1/../other", "s3://b-1/a/./b", "s3://b-1/a//b", "s3://b-1/a/%2e%2e/b"}) {
            assertThatThrownBy(() -> S3Location.parse(URI.create(bad))).as(bad)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("that is not a plain name");
        }
    }

    @Test
    void badBucketsAndExtrasAreRefusedSayingWhatToWrite() {
        assertThatThrownBy(() -> S3Location.parse(URI.create("s3://Bucket_1/p")))
                .isInstanceOf(StoreException.class)
                .hasMessage("'Bucket_1' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens);"
                        + " write SLUICE_STORE as s3://bucket/prefix");
        for (String bad : new String[] {"s3://key:secret@bucket/p", "s3://bucket/p?x=1", "s3://bucket/p#f", "gs://bucket/p"}) {
            assertThatThrownBy(() -> S3Location.parse(URI.create(bad))).as(bad)
                    .isInstanceOf(StoreException.class)
                    .hasMessageEndingWith("write it as s3://bucket/prefix (no user, query or fragment; the endpoint comes"
                            + " from AWS_ENDPOINT_URL)")
                    .hasMessageNotContaining("secret");
        }
    }
}
