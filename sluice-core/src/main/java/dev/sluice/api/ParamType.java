package dev.sluice.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of a parameter. Values are Java {@code Long} (int), {@code Double} (double), {@code Boolean} (bool),
 * {@code String} (string, enum, path), {@code List} (list) or {@code Map} (map).
 */
public enum ParamType {
    INT, DOUBLE, BOOL, STRING, ENUM, LIST,
    /** A map of names to values, e.g. per-column expectations. */
    MAP,
    /**
     * A file or folder, relative to the pipeline's folder; its content (not just its name) is part of the step's
     * cache key, so editing the file re-runs the step.
     */
    PATH;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ParamType> parse(String s) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(s)).findFirst();
    }
}
