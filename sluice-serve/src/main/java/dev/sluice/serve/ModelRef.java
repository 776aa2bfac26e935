package dev.sluice.serve;

import dev.sluice.api.ModelNames;

import java.util.Objects;
import java.util.Optional;

/**
 * What to serve: a registered model's name and an alias ({@code champion} by default) or a fixed version number,
 * written {@code churn}, {@code churn@challenger} or {@code churn@3}. Immutable.
 */
public record ModelRef(String name, String alias) {
    /** The alias served when none is given. */
    public static final String DEFAULT_ALIAS = "champion";

    public ModelRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        ModelNames.nameProblem(name).or(() -> alias.chars().allMatch(Character::isDigit) && !alias.isEmpty()
                ? Optional.empty() : ModelNames.aliasProblem(alias)).ifPresent(p -> {
            throw new IllegalArgumentException("'" + name + "@" + alias + "' is not a model reference (" + p
                    + "); write NAME or NAME@ALIAS");
        });
    }

    /** Parses {@code NAME[@ALIAS]}. */
    public static ModelRef parse(String text) {
        int at = text.indexOf('@');
        return at < 0 ? new ModelRef(text.trim(), DEFAULT_ALIAS) : new ModelRef(text.substring(0, at).trim(), text.substring(at + 1).trim());
    }

    /** {@code churn@champion}, as the registry resolves it. */
    @Override
    public String toString() {
        return name + "@" + alias;
    }
}
