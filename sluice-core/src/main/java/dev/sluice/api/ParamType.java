package dev.sluice.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The type of a parameter. Values are Java {@code Long}, {@code Double}, {@code Boolean}, {@code String} or {@code List}. */
public enum ParamType {
    INT, DOUBLE, BOOL, STRING, ENUM, LIST;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ParamType> parse(String s) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(s)).findFirst();
    }
}
