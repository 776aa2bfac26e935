package dev.sluice.server.auth;

/** What checking a presented token found. */
public sealed interface Verdict {
    /** A token that is known, active and whose secret matches. */
    record Valid(Caller caller) implements Verdict {}

    /** Not a token, an unknown one, or a wrong secret: the three are told apart to nobody. */
    record Invalid() implements Verdict {}

    /** A real token that was revoked ({@code sluice token revoke}). */
    record Revoked(String name) implements Verdict {}

    /** A real token past its expiry. */
    record Expired(String name) implements Verdict {}
}
