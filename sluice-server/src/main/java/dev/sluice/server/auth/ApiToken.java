package dev.sluice.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token as the server keeps it, without its secret (only the secret's SHA-256 is stored, and never leaves
 * {@link Tokens}). Immutable.
 *
 * @param id        the public part of the token ({@code slt_<id>_<secret>}), which finds its row
 * @param createdBy the name of the token (or {@code cli}, {@code server}) that created it
 */
public record ApiToken(String id, String name, Role role, Instant created, String createdBy,
                       Optional<Instant> expires, Optional<Instant> revoked) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(revoked, "revoked");
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean activeAt(Instant now) {
        return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
    }
}
