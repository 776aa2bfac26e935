package dev.sluice.s3;

import dev.sluice.store.StoreException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the object storage, from the usual AWS environment variables: {@code AWS_ENDPOINT_URL_S3} or
 * {@code AWS_ENDPOINT_URL} (an S3-compatible server; unset for AWS itself), {@code AWS_REGION} or
 * {@code AWS_DEFAULT_REGION} ({@code us-east-1} when neither is set), credentials from
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}), else {@code AWS_PROFILE},
 * else the SDK's default chain; and {@code SLUICE_S3_PATH_STYLE} ({@code true}/{@code false}; path-style addressing,
 * on by default when an endpoint is set, as most S3-compatible servers need it). {@link #toString()} never shows a
 * secret. Immutable.
 *
 * @param endpoint    the endpoint, empty for AWS
 * @param region      the signing region
 * @param pathStyle   whether requests address the bucket in the path rather than the host name
 * @param credentials where the credentials come from, for messages ({@code environment}, {@code profile NAME},
 *                    {@code default chain})
 */
public record S3Settings(Optional<URI> endpoint, String region, boolean pathStyle, String credentials) {
    /** Path-style addressing on or off. */
    public static final String PATH_STYLE_ENV = "SLUICE_S3_PATH_STYLE";

    /** The settings the environment gives. */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        Optional<URI> endpoint = first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL").map(S3Settings::endpoint);
        String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1");
        boolean pathStyle = first(env, PATH_STYLE_ENV).map(S3Settings::bool).orElse(endpoint.isPresent());
        String credentials = first(env, "AWS_ACCESS_KEY_ID").isPresent() ? "environment"
                : first(env, "AWS_PROFILE").map(p -> "profile " + p).orElse("default chain");
        return new S3Settings(endpoint, region, pathStyle, credentials);
    }

    /**
     * A client for these settings: the JDK's URL connection as HTTP client (no Netty), and checksums only where S3
     * requires them, which S3-compatible servers handle best (the store checks every read against its SHA-256).
     */
    public S3Client client(Map<String, String> env) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentialsProvider(env));
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    private static AwsCredentialsProvider credentialsProvider(Map<String, String> env) {
        Optional<String> key = first(env, "AWS_ACCESS_KEY_ID");
        if (key.isPresent()) {
            String secret = first(env, "AWS_SECRET_ACCESS_KEY").orElseThrow(() -> new StoreException(
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or neither to use a profile"));
            Optional<String> token = first(env, "AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(key.get(), secret, token.get())
                    : AwsBasicCredentials.create(key.get(), secret));
        }
        Optional<String> profile = first(env, "AWS_PROFILE");
        if (profile.isPresent()) return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
        return DefaultCredentialsProvider.builder().build();
    }

    private static URI endpoint(String text) {
        try {
            URI uri = URI.create(text.strip());
            if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("no scheme or host");
            if (uri.getRawUserInfo() != null) {
                throw new StoreException("AWS_ENDPOINT_URL holds a user name or password; put credentials in"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile) and write the URL without them");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new StoreException("AWS_ENDPOINT_URL is not a URL (" + e.getMessage()
                    + "); write it as http://127.0.0.1:9000 or https://s3.example.com");
        }
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new StoreException(PATH_STYLE_ENV + " is '" + text + "'; write true or false");
        };
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return Optional.of(v);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "endpoint " + endpoint.map(URI::toString).orElse("AWS") + ", region " + region + ", "
                + (pathStyle ? "path-style" : "virtual-host") + " addressing, credentials from " + credentials;
    }
}
