package dev.sluice.server.ui;

import dev.sluice.server.api.ApiError;
import dev.sluice.server.api.ServerContext;
import dev.sluice.server.api.WebFront;
import dev.sluice.server.auth.Caller;
import dev.sluice.server.auth.HostPolicy;
import dev.sluice.server.auth.Verdict;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * The web UI served at {@code /}: the pages of {@link Page} (each a shell whose module reads the API), sign-in and
 * sign-out, and the static files. Every request must name an allowed {@code Host}; pages need a session, else they
 * redirect to {@code /signin}. As the API's {@link WebFront}, it lets a session's cookie stand in for the token on
 * API calls, state-changing ones only with the session's CSRF token in {@value #CSRF_HEADER}. Thread-safe.
 */
public final class WebUi implements WebFront {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    /**
     * The pages' policy: only this server's own scripts, styles and connections; no inline script, no frames, no
     * plugins. The one inline style allowed is the rule cytoscape 3.33.1 adds for its container (by its hash).
     */
    private static final String CSP = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private final ServerContext ctx;
    private final BrowserSessions sessions;
    private final Assets assets = new Assets();
    private final SignIn signIn;

    public WebUi(ServerContext ctx) {
        this(ctx, Clock.systemUTC());
    }

    WebUi(ServerContext ctx, Clock clock) {
        this.ctx = ctx;
        this.sessions = new BrowserSessions(clock);
        this.signIn = new SignIn(ctx, sessions);
    }

    @Override
    public void routing(HttpRouting.Builder r) {
        r.get("/", (req, res) -> {
            if (hostAllowed(req, res)) redirect(res, "/runs");
        });
        for (Page page : Page.values()) r.get(page.path, (req, res) -> page(page, req, res));
        r.get("/signin", (req, res) -> {
            if (hostAllowed(req, res)) signIn.form(req, res);
        });
        r.post("/signin", (req, res) -> {
            if (hostAllowed(req, res)) signIn.signIn(req, res);
        });
        r.post("/signout", (req, res) -> {
            if (hostAllowed(req, res)) signIn.signOut(req, res);
        });
        r.get("/ui/app/{file}", (req, res) -> {
            if (hostAllowed(req, res)) assets.app(req, res);
        });
        r.get("/ui/lib/{file}", (req, res) -> {
            if (hostAllowed(req, res)) assets.library(req, res);
        });
    }

    @Override
    public Optional<String> sessionToken(ServerRequest req, boolean changesState) {
        Optional<BrowserSessions.Session> s = cookie(req).flatMap(sessions::find);
        if (s.isEmpty()) return Optional.empty();
        if (changesState && !BrowserSessions.csrfMatches(s.get(), req.headers().first(HeaderNames.create(CSRF_HEADER)).orElse(null))) {
            throw new ApiError(403, "csrf", "this call changes state and comes with a sign-in cookie, so it needs the"
                    + " session's CSRF token in the " + CSRF_HEADER + " header; reload the page and try again");
        }
        return Optional.of(s.get().token());
    }

    private void page(Page page, ServerRequest req, ServerResponse res) {
        if (!hostAllowed(req, res)) return;
        Optional<Signed> signed = signedIn(req);
        if (signed.isEmpty()) {
            String here = req.path().rawPath() + (req.query().rawValue().isEmpty() ? "" : "?" + req.query().rawValue());
            redirect(res, "/signin?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
            return;
        }
        html(res, Status.OK_200, PageShell.render(page, signed.get().caller(), signed.get().session().csrf()));
    }

    /** A session and the caller its token stands for now (a revoked or expired token ends the session). */
    record Signed(BrowserSessions.Session session, Caller caller) {}

    Optional<Signed> signedIn(ServerRequest req) {
        Optional<String> id = cookie(req);
        Optional<BrowserSessions.Session> s = id.flatMap(sessions::find);
        if (s.isEmpty()) return Optional.empty();
        if (ctx.tokens().verify(s.get().token()) instanceof Verdict.Valid v) return Optional.of(new Signed(s.get(), v.caller()));
        sessions.remove(id.get());
        return Optional.empty();
    }

    /** The session cookie's name: one per port, as browsers share cookies between the ports of a host. */
    static String cookieName(ServerRequest req) {
        int port = req.requestedUri().port();
        return port > 0 ? "sluice_session_" + port : "sluice_session";
    }

    static Optional<String> cookie(ServerRequest req) {
        return req.headers().cookies().first(cookieName(req)).asOptional();
    }

    static SetCookie sessionCookie(ServerRequest req, String value, boolean clear) {
        SetCookie.Builder b = SetCookie.builder(cookieName(req), value).path("/").httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT).secure(req.isSecure());
        if (clear) b.expires(java.time.Instant.EPOCH); // the browser drops it
        return b.build();
    }

    /** False (and a 403 or 503 answered) when the request's Host is not one this server answers to. */
    private boolean hostAllowed(ServerRequest req, ServerResponse res) {
        HostPolicy policy = ctx.hostPolicy().get();
        if (policy == null) {
            text(res, Status.SERVICE_UNAVAILABLE_503, "the server is starting; try again in a moment");
            return false;
        }
        Optional<String> why = policy.checkHost(req.headers().first(HeaderNames.HOST));
        if (why.isPresent()) {
            LOG.debug("page request refused: {}", why.get());
            text(res, Status.FORBIDDEN_403, why.get());
            return false;
        }
        return true;
    }

    static void securityHeaders(ServerResponse res) {
        res.header("X-Content-Type-Options", "nosniff");
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "same-origin");
        res.header("Content-Security-Policy", CSP);
    }

    static void html(ServerResponse res, Status status, String html) {
        page(res, status, "text/html; charset=utf-8", html);
    }

    static void text(ServerResponse res, Status status, String text) {
        page(res, status, "text/plain; charset=utf-8", text);
    }

    /** Sends {@code body} as UTF-8 with the security headers, never cached. */
    private static void page(ServerResponse res, Status status, String contentType, String body) {
        securityHeaders(res);
        res.status(status);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(ServerResponse res, String location) {
        securityHeaders(res);
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send();
    }
}
