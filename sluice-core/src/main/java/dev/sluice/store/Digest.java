package dev.sluice.store;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 content digest: the identity of an artifact. Immutable and thread-safe.
 *
 * <pre>{@code
 * Digest d = Digest.parse("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
 * d.shortForm();   // "9f86d081884c"
 * d.toString();    // "sha256:9f86..."
 * }</pre>
 *
 * @param hex 64 lowercase hexadecimal characters
 */
public record Digest(String hex) {
    /** The prefix of {@link #toString()}; names the algorithm. */
    public static final String PREFIX = "sha256:";
    private static final int HEX_LENGTH = 64;

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (!isHex(hex)) {
            throw new StoreException("'" + abbreviate(hex) + "' is not a SHA-256 digest; expected "
                    + HEX_LENGTH + " lowercase hexadecimal characters, optionally after '" + PREFIX + "'");
        }
    }

    /** Parses {@code sha256:<hex>} or a bare {@code <hex>}; throws {@link StoreException} on anything else. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Digest(text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text);
    }

    /** The digest of raw SHA-256 output bytes. */
    static Digest ofBytes(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** The first 12 hex characters, for display. */
    public String shortForm() {
        return hex.substring(0, 12);
    }

    /** {@code sha256:<hex>}; also the artifact id. */
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    static boolean isHex(String s) {
        if (s.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
