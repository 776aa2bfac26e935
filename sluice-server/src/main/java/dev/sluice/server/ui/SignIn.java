package dev.sluice.server.ui;

import dev.sluice.server.api.ServerContext;
import dev.sluice.server.auth.Verdict;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signing in and out. Sign-in takes an API token from a form (posted from this server's own page: the browser's
 * {@code Origin} must be an allowed one, against login CSRF), checks it as the API does, and starts a session whose id
 * goes into an HttpOnly, SameSite=Strict cookie; sign-out needs the session's CSRF token. Both are written to the
 * audit log ({@code ui.signin}, {@code ui.signout}), refused attempts included. Thread-safe.
 */
final class SignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    private static final int MAX_FORM = 16 * 1024;
    /** A path on this server: one leading slash, no scheme, no backslash, no control characters. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.~%?=&+,:;@*-]*");

    private final ServerContext ctx;
    private final BrowserSessions sessions;

    SignIn(ServerContext ctx, BrowserSessions sessions) {
        this.ctx = ctx;
        this.sessions = sessions;
    }

    void form(ServerRequest req, ServerResponse res) {
        WebUi.html(res, Status.OK_200, PageShell.signIn(next(req.query().first("next").orElse("")), ""));
    }

    void signIn(ServerRequest req, ServerResponse res) {
        Optional<String> refused = originRefused(req);
        if (refused.isPresent()) {
            audit("anonymous", "ui.signin", "denied", 403, refused.get());
            WebUi.html(res, Status.FORBIDDEN_403, PageShell.signIn("/runs", refused.get()));
            return;
        }
        Map<String, String> form = form(req);
        String next = next(form.getOrDefault("next", ""));
        String token = form.getOrDefault("token", "").strip();
        Verdict verdict = token.isEmpty() ? new Verdict.Invalid() : ctx.tokens().verify(token);
        if (verdict instanceof Verdict.Valid v) {
            WebUi.cookie(req).ifPresent(sessions::remove); // a new id at each sign-in (no session fixation)
            BrowserSessions.Created created = sessions.create(token, v.caller().name());
            audit(v.caller().name(), "ui.signin", "ok", 303, "signed in to the web UI as " + v.caller().role().label());
            res.headers().addCookie(WebUi.sessionCookie(req, created.id(), false));
            WebUi.redirect(res, next);
            return;
        }
        String message = switch (verdict) {
            case Verdict.Revoked r -> "The token '" + r.name() + "' was revoked; ask an admin for a new one.";
            case Verdict.Expired x -> "The token '" + x.name() + "' has expired; create a new one with sluice token create.";
            default -> "That is not a valid API token. Check that it was copied whole (it starts with slt_).";
        };
        String actor = switch (verdict) {
            case Verdict.Revoked r -> r.name();
            case Verdict.Expired x -> x.name();
            default -> "anonymous";
        };
        audit(actor, "ui.signin", "denied", 401, message);
        WebUi.html(res, Status.UNAUTHORIZED_401, PageShell.signIn(next, message));
    }

    void signOut(ServerRequest req, ServerResponse res) {
        Optional<String> id = WebUi.cookie(req);
        Optional<BrowserSessions.Session> s = id.flatMap(sessions::find);
        if (s.isEmpty()) {
            res.headers().addCookie(WebUi.sessionCookie(req, "", true));
            WebUi.redirect(res, "/signin");
            return;
        }
        Optional<String> refused = originRefused(req);
        if (refused.isEmpty() && !BrowserSessions.csrfMatches(s.get(), form(req).get("csrf"))) {
            refused = Optional.of("the sign-out form did not carry this session's CSRF token; reload the page and try again");
        }
        if (refused.isPresent()) {
            audit(s.get().name(), "ui.signout", "denied", 403, refused.get());
            WebUi.text(res, Status.FORBIDDEN_403, refused.get());
            return;
        }
        sessions.remove(id.get());
        audit(s.get().name(), "ui.signout", "ok", 303, "signed out of the web UI");
        res.headers().addCookie(WebUi.sessionCookie(req, "", true));
        WebUi.redirect(res, "/signin");
    }

    /** Why a form post is refused by its Origin: browsers always send one, and it must be this server's. */
    private Optional<String> originRefused(ServerRequest req) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) return Optional.of("the browser sent no Origin header with the form; sign in from this server's page");
        return ctx.hostPolicy().get().checkOrigin(origin);
    }

    /** Where to go after signing in: a path on this server, else the runs page. */
    static String next(String asked) {
        return LOCAL_PATH.matcher(asked).matches() && !asked.startsWith("/signin") ? asked : "/runs";
    }

    private static Map<String, String> form(ServerRequest req) {
        Map<String, String> out = new HashMap<>();
        if (req.headers().contentLength().orElse(0) > MAX_FORM || !req.content().hasEntity()) return out;
        String body;
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_FORM + 1);
            if (bytes.length > MAX_FORM) return out;
            body = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape: the field is left out
            }
        }
        return out;
    }

    private void audit(String actor, String action, String outcome, int status, String detail) {
        try {
            ctx.audit().append(actor, action, "web ui", outcome, status, detail);
        } catch (RuntimeException e) {
            LOG.warn("audit entry for {} by {} not written: {}", action, actor, e.toString());
        }
    }
}
