package dev.sluice.meta;

import java.util.Locale;

/**
 * What a run id or an artifact id (or a prefix of one) a user typed may look like, checked before it reaches a
 * query: a run id has at most 64 letters, digits, {@code -}, {@code _} or {@code .} (Sluice makes
 * {@code 20261127-041502-3fa2}); an artifact id is {@code sha256:} and up to 64 hexadecimal digits, the
 * {@code sha256:} optional and the digits in either case. Anything else is a {@link MetadataException} that
 * shows at most 24 characters of it (control characters escaped) and says what an id looks like: a 100 KB
 * argument never becomes a LIKE pattern the database refuses, nor a 100 KB error message. Stateless.
 */
public final class IdPrefix {
    private static final int MAX_RUN_ID = 64;
    private static final int DIGEST_HEX = 64;
    private static final int SHOWN = 24;
    private static final String SHA256 = "sha256:";

    private IdPrefix() {}

    /** Whether the text can be an artifact id or a prefix of one (with or without {@code sha256:}). */
    public static boolean isArtifact(String text) {
        String hex = text.regionMatches(true, 0, SHA256, 0, SHA256.length()) ? text.substring(SHA256.length()) : text;
        if (hex.length() > DIGEST_HEX) return false;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= 128 || Character.digit(c, 16) < 0) return false;
        }
        return true;
    }

    /**
     * The artifact id prefix in stored form, {@code sha256:} and lower-case digits.
     *
     * @throws BadIdException when the text cannot be an artifact id or a prefix of one
     */
    public static String artifact(String text) {
        if (!isArtifact(text)) {
            throw new BadIdException(shown(text) + " is not an artifact id: artifact ids are 'sha256:' and 64"
                    + " hexadecimal digits. Give an artifact id or a prefix of one, with or without 'sha256:', such as"
                    + " 3e5d652f6a9d.");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith(SHA256) ? lower : SHA256 + lower;
    }

    /** The run id prefix, checked. */
    static String run(String text) {
        boolean ok = text.length() <= MAX_RUN_ID;
        for (int i = 0; ok && i < text.length(); i++) {
            char c = text.charAt(i);
            ok = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
        }
        if (!ok) {
            throw new BadIdException(shown(text) + " is not a run id: run ids have at most " + MAX_RUN_ID
                    + " letters, digits, '-', '_' or '.'. Give a run id or a prefix of one, such as 20261127-041502-3fa2.");
        }
        return text;
    }

    /** {@code 'abc'}, or the first characters and the length; control characters as Java escapes. */
    private static String shown(String text) {
        StringBuilder b = new StringBuilder("'");
        int end = Math.min(text.length(), SHOWN);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
            }
        }
        b.append(text.length() > SHOWN ? "...' (" + text.length() + " characters)" : "'");
        return b.toString();
    }
}
