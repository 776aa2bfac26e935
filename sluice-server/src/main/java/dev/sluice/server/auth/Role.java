package dev.sluice.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do; each role may do what the ones before it may. {@code VIEWER} reads everything;
 * {@code OPERATOR} also starts, cancels and resumes runs (and approves, once approvals exist); {@code ADMIN} also
 * promotes models, manages tokens and submits pipelines in a request body.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** True when this role may do what {@code needed} may. */
    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** {@code viewer}, {@code operator}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this label. */
    public static Optional<Role> parse(String label) {
        return Arrays.stream(values()).filter(r -> r.label().equals(label)).findFirst();
    }
}
