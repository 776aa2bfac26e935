package dev.sluice.server.auth;

import dev.sluice.meta.MetadataException;
import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens of a workspace, in its metadata database ({@code server_tokens}): create (the token is returned
 * once and only its hash is kept), list, revoke, and check a presented token (constant-time comparison of the
 * secret's hash; the token's public id finds its row, so no secret is ever looked up by value). Revocation takes
 * effect on the next request: every request reads the token's row. Thread-safe.
 *
 * <pre>{@code
 * Tokens tokens = new Tokens(store.sql());
 * Tokens.Created ci = tokens.create("ci", Role.OPERATOR, Optional.empty(), "cli");
 * System.out.println(ci.token());                      // shown once
 * tokens.verify(ci.token());                          // Valid(Caller[ci, OPERATOR])
 * }</pre>
 */
public final class Tokens {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Compared with when the id is unknown, so an unknown id costs what a known one does. */
    private static final String DUMMY_HASH = TokenSecret.hash("no such token");
    private static final String COLUMNS = "SELECT id, name, role, created_at, created_by, expires_at, revoked_at, secret_hash"
            + " FROM server_tokens";

    private final MetadataSql sql;

    /** A new token: its description and the token itself, which nobody can see again. */
    public record Created(ApiToken info, String token) {
        public Created {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Created[" + info + ", token=***]";
        }
    }

    /** Why a token could not be created. */
    public static final class TokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TokenException(String message) {
            super(message);
        }
    }

    public Tokens(MetadataSql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /**
     * Creates a token named {@code name} (letters, digits, {@code _.-}; unique among active tokens) with a role,
     * expiring after {@code ttl} if given.
     *
     * @throws TokenException for a bad name or one an active token already has
     */
    public Created create(String name, Role role, Optional<Duration> ttl, String createdBy) {
        checkName(name);
        TokenSecret.Parts parts = TokenSecret.generate();
        Instant now = Instant.now();
        Optional<Instant> expires = ttl.map(now::plus);
        boolean inserted = sql.write(c -> {
            if (activeNamed(c, name, now)) return false;
            retireExpired(c, name, now);
            Sql.update(c, "INSERT INTO server_tokens (id, name, role, secret_hash, created_at, created_by, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", parts.id(), name, role.label(),
                    TokenSecret.hash(parts.secret()), now.toEpochMilli(), createdBy, expires.map(Instant::toEpochMilli));
            return true;
        });
        if (!inserted) {
            throw new TokenException("a token named '" + name + "' exists already; revoke it first (sluice token revoke "
                    + name + ") or choose another name");
        }
        return new Created(new ApiToken(parts.id(), name, role, now, createdBy, expires, Optional.empty()),
                TokenSecret.format(parts));
    }

    /**
     * Creates an admin token named {@code admin} when no active token exists (a server's first start), in one
     * transaction; empty when there was one (or another server made it at the same moment).
     */
    public Optional<Created> createFirstAdmin() {
        Instant now = Instant.now();
        boolean none = sql.read(c -> Sql.first(c, "SELECT id FROM server_tokens WHERE revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)", rs -> rs.getString(1), now.toEpochMilli()).isEmpty());
        if (!none) return Optional.empty();
        try {
            return Optional.of(create("admin", Role.ADMIN, Optional.empty(), "server"));
        } catch (TokenException | MetadataException e) {
            return Optional.empty(); // another server created one first (the active name is unique)
        }
    }

    /** Every token, active or not, newest first. */
    public List<ApiToken> list() {
        return sql.read(c -> Sql.list(c, COLUMNS + " ORDER BY created_at DESC, id", Tokens::token));
    }

    /** Revokes the active token with this name; false when there is none. */
    public boolean revoke(String name) {
        long now = System.currentTimeMillis();
        return sql.write(c -> Sql.update(c, "UPDATE server_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                now, name)) > 0;
    }

    /** Checks a presented token (the text after {@code Bearer }). */
    public Verdict verify(String presented) {
        Optional<TokenSecret.Parts> parts = TokenSecret.parse(presented == null ? "" : presented.strip());
        if (parts.isEmpty()) {
            TokenSecret.matches("", DUMMY_HASH);
            return new Verdict.Invalid();
        }
        Optional<Stored> row = sql.read(c -> Sql.first(c, COLUMNS + " WHERE id = ?", Tokens::stored, parts.get().id()));
        boolean match = TokenSecret.matches(parts.get().secret(), row.map(Stored::hash).orElse(DUMMY_HASH));
        if (row.isEmpty() || !match) return new Verdict.Invalid();
        ApiToken t = row.get().token();
        if (t.revoked().isPresent()) return new Verdict.Revoked(t.name());
        if (!t.activeAt(Instant.now())) return new Verdict.Expired(t.name());
        return new Verdict.Valid(new Caller(t.name(), t.role()));
    }

    private record Stored(ApiToken token, String hash) {}

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TokenException("a token name is 1 to 64 letters, digits, '_', '.' or '-' starting with a letter"
                    + " or digit, got '" + name + "'");
        }
    }

    private static boolean activeNamed(java.sql.Connection c, String name, Instant now) throws SQLException {
        return Sql.first(c, "SELECT id FROM server_tokens WHERE name = ? AND revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)", rs -> rs.getString(1), name, now.toEpochMilli()).isPresent();
    }

    /** An expired token keeps its name taken in the unique index until it is marked revoked. */
    private static void retireExpired(java.sql.Connection c, String name, Instant now) throws SQLException {
        Sql.update(c, "UPDATE server_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL AND expires_at <= ?",
                now.toEpochMilli(), name, now.toEpochMilli());
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)).orElse(Role.VIEWER),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
                Sql.optionalLong(rs, 6).map(Instant::ofEpochMilli), Sql.optionalLong(rs, 7).map(Instant::ofEpochMilli));
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(token(rs), rs.getString(8));
    }
}
