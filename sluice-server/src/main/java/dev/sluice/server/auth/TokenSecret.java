package dev.sluice.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a token, {@code slt_<id>_<secret>}: a public id of 12 hex digits that finds the token's row, and 32
 * random bytes (URL-safe Base64) of which only the SHA-256 is stored. Secrets are compared in constant time.
 * Stateless; thread-safe.
 */
final class TokenSecret {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("slt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");

    /** A token split into its public id and its secret. */
    record Parts(String id, String secret) {}

    private TokenSecret() {}

    /** A new token's parts. */
    static Parts generate() {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new Parts(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The text a client sends: {@code slt_<id>_<secret>}. */
    static String format(Parts p) {
        return "slt_" + p.id() + "_" + p.secret();
    }

    /** The parts of a presented token, or empty when it does not have the shape of one. */
    static Optional<Parts> parse(String token) {
        Matcher m = SHAPE.matcher(token);
        return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
    }

    /** What is stored of a secret: its SHA-256, hex. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a presented secret hashes to the stored hash, in time independent of where they differ. */
    static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
