package dev.sluice.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Guesses a file's media type from its extension. Stateless. */
final class MediaTypes {
    static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "csv", "text/csv",
            "parquet", "application/vnd.apache.parquet",
            "json", "application/json",
            "txt", "text/plain");

    private MediaTypes() {
    }

    static String guess(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        if (dot < 0) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(s.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
