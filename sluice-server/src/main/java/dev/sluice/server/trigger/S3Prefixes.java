package dev.sluice.server.trigger;

import dev.sluice.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lists and reads the objects under the {@code s3://} prefixes of data triggers, with the S3 settings of the server's
 * environment ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}..., as for
 * {@code SLUICE_STORE=s3://...}). The client is made on first use. Used by the one watcher thread.
 */
final class S3Prefixes implements AutoCloseable {
    private static final List<String> ENV = List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
            S3Settings.PATH_STYLE_ENV, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE");

    /** An object directly under a prefix: its {@code s3://} URI, its name after the prefix, size and time. */
    record Found(String uri, String bucket, String key, String name, long size, Instant modified) {}

    private final Function<String, Optional<String>> environment;
    private S3Client client;

    S3Prefixes(Function<String, Optional<String>> environment) {
        this.environment = environment;
    }

    private S3Client client() {
        if (client == null) {
            Map<String, String> env = new HashMap<>();
            for (String name : ENV) environment.apply(name).ifPresent(v -> env.put(name, v));
            client = S3Settings.fromEnvironment(env).client(env);
        }
        return client;
    }

    /** The objects directly under {@code location} ({@code s3://bucket/in/}), not those of its sub-prefixes. */
    List<Found> list(String location) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        List<Found> out = new ArrayList<>();
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
        for (S3Object o : client().listObjectsV2Paginator(req).contents()) {
            String name = o.key().substring(prefix.length());
            if (name.isEmpty() || name.contains("/")) continue;
            out.add(new Found("s3://" + bucket + "/" + o.key(), bucket, o.key(), name, o.size(), o.lastModified()));
        }
        return out;
    }

    /** {@code sha256:<hex>} of the object's bytes. */
    String digest(Found f) throws IOException {
        try (InputStream in = client().getObject(b -> b.bucket(f.bucket()).key(f.key()))) {
            return ContentSha.of(in);
        }
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
