package dev.sluice.server.auth;

import java.util.Objects;

/**
 * Who made a request: the name of the token it carried and that token's role. Only the name ever reaches the audit
 * log, events or answers, never the token. Immutable.
 */
public record Caller(String name, Role role) {
    /** Stands for requests that carry no token, on the few routes that need none. */
    public static final Caller ANONYMOUS = new Caller("anonymous", null);

    public Caller {
        Objects.requireNonNull(name, "name");
    }

    /** True when the caller's token has at least the role {@code needed}. */
    public boolean may(Role needed) {
        return role != null && role.allows(needed);
    }
}
