package dev.sluice.ml.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a model predicts: a class (with probabilities) or a number. */
public enum Task {
    CLASSIFICATION, REGRESSION;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Task parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
