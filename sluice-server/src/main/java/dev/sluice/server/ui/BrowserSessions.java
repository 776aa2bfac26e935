package dev.sluice.server.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser sessions of this server process, in memory: a session is created when someone signs in with an API
 * token, named by a random id that only the browser's HttpOnly cookie holds, and carries a random CSRF token that the
 * pages send back with every state-changing call. The map is keyed by the SHA-256 of the id, so looking a session up
 * reveals nothing through timing. A session ends when signed out, after {@link #IDLE} without a request, or
 * {@link #LIFETIME} after sign-in; the token it holds is checked again on every request, so revoking it ends the
 * session's access at once. Sessions do not survive a restart and are not shared between servers. Thread-safe.
 */
final class BrowserSessions {
    static final Duration IDLE = Duration.ofHours(8);
    static final Duration LIFETIME = Duration.ofHours(24);
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One signed-in browser. {@code token} never leaves the server; {@link #toString} hides it and the CSRF token. */
    record Session(String token, String name, String csrf, Instant created, Instant lastSeen) {
        Session {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(csrf, "csrf");
        }

        @Override
        public String toString() {
            return "Session[" + name + ", since " + created + "]";
        }
    }

    /** A new session: the id for the cookie (shown once) and the session. */
    record Created(String id, Session session) {
        @Override
        public String toString() {
            return "Created[id=***, " + session + "]";
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    BrowserSessions(Clock clock) {
        this.clock = clock;
    }

    /** Starts a session for a caller who proved {@code token} (named {@code name}). */
    Created create(String token, String name) {
        prune();
        String id = random();
        Instant now = clock.instant();
        Session s = new Session(token, name, random(), now, now);
        sessions.put(key(id), s);
        return new Created(id, s);
    }

    /** The live session with this cookie value, touched (its idle time starts again); empty when none. */
    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return Optional.empty();
        String key = key(id);
        Instant now = clock.instant();
        Session s = sessions.get(key);
        if (s == null) return Optional.empty();
        if (expired(s, now)) {
            sessions.remove(key);
            return Optional.empty();
        }
        Session touched = new Session(s.token(), s.name(), s.csrf(), s.created(), now);
        sessions.replace(key, s, touched);
        return Optional.of(touched);
    }

    /** Ends the session with this cookie value, if there is one. */
    void remove(String id) {
        if (id != null) sessions.remove(key(id));
    }

    /** True when {@code presented} is the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(Session s, String presented) {
        return presented != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.created().plus(LIFETIME));
    }

    /** Drops expired sessions, and the oldest ones when there are too many (sign-ins need a valid token). */
    private void prune() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().lastSeen()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String key(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
