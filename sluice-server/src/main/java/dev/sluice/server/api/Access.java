package dev.sluice.server.api;

import dev.sluice.server.auth.Role;

import java.util.Optional;

/** Who may call a route: anyone ({@code PUBLIC}: health and the API description only), or a token with a role. */
public enum Access {
    PUBLIC(null), VIEWER(Role.VIEWER), OPERATOR(Role.OPERATOR), ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The least role a token needs; empty for a public route. */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }
}
