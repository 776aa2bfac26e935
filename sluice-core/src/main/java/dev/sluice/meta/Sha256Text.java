package dev.sluice.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code sha256:<hex>} of texts, with one {@link MessageDigest} per thread: {@code MessageDigest.getInstance} (a
 * provider lookup and an algorithm-constraints check) cost more than hashing a cache key's few hundred bytes.
 * Thread-safe.
 */
final class Sha256Text {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private Sha256Text() {
    }

    static String of(String text) {
        MessageDigest md = DIGEST.get();
        md.reset(); // digest() resets it too; this covers an update that threw half-way
        return "sha256:" + HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
