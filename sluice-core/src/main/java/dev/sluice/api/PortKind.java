package dev.sluice.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What flows through a port. Wiring an output to an input of another kind is a definition error. */
public enum PortKind {
    /** a table (CSV or Parquet file) */
    TABLE,
    /** a trained model (a file or folder in a documented, non-executable format) */
    MODEL,
    /** a JSON object of named numbers */
    METRICS,
    /** any single file */
    FILE,
    /** a folder of files */
    FOLDER,
    /** a small JSON value (string, number, boolean, list or object) held in memory */
    VALUE;

    /** The name used in pipeline files: {@code table}, {@code model}, ... */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PortKind> parse(String s) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(s)).findFirst();
    }
}
