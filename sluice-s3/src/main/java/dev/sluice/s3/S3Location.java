package dev.sluice.s3;

import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a store lives in a bucket: {@code s3://bucket/prefix}. Every object key the store uses is this prefix
 * followed by a fixed folder and a digest's hex ({@link #blobKey}, {@link #manifestKey}), so no name that comes
 * from a pipeline or a step ever reaches a key, and nothing is written outside the prefix. Immutable.
 *
 * @param bucket the bucket name (3 to 63 lower-case letters, digits, dots and hyphens)
 * @param prefix the key prefix, empty or ending with {@code /}; never starting with {@code /}, no {@code .} or
 *               {@code ..} segments
 */
public record S3Location(String bucket, String prefix) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._=+-]+");

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new StoreException("'" + bucket + "' is not an S3 bucket name (3 to 63 lower-case letters, digits,"
                    + " dots and hyphens); write SLUICE_STORE as s3://bucket/prefix");
        }
        if (!prefix.isEmpty()) {
            if (!prefix.endsWith("/")) throw new IllegalArgumentException("prefix must end with '/': " + prefix);
            for (String segment : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
                if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                    throw new StoreException("the prefix '" + prefix + "' of SLUICE_STORE has a segment '" + segment
                            + "' that is not a plain name (letters, digits and . _ = + -, not '.' or '..', no"
                            + " empty segment); write it as s3://bucket/team/sluice");
                }
            }
        }
    }

    /** Parses {@code s3://bucket} or {@code s3://bucket/some/prefix} (a trailing slash is optional). */
    public static S3Location parse(URI uri) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            String shown = uri.getRawUserInfo() != null ? "a URI with a user name or password (not shown)" : "'" + uri + "'";
            throw new StoreException("SLUICE_STORE is " + shown + "; write it as s3://bucket/prefix (no user, query"
                    + " or fragment; the endpoint comes from AWS_ENDPOINT_URL)");
        }
        String path = Objects.requireNonNullElse(uri.getPath(), "");
        while (path.startsWith("/")) path = path.substring(1);
        if (!path.isEmpty() && !path.endsWith("/")) path = path + "/";
        return new S3Location(uri.getAuthority(), path);
    }

    /** The key of a file blob: {@code <prefix>blobs/ab/<hex>}. */
    public String blobKey(Digest digest) {
        return prefix + "blobs/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** The key of a folder manifest: {@code <prefix>manifests/ab/<hex>}. */
    public String manifestKey(Digest digest) {
        return prefix + "manifests/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** Where damaged content is moved by verify: {@code <prefix>quarantine/<blobs|manifests>/<hex>}. */
    public String quarantineKey(String key) {
        return prefix + "quarantine/" + key.substring(prefix.length());
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
