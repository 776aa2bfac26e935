package dev.sluice.server;

import dev.sluice.server.api.Access;
import dev.sluice.server.api.Route;
import dev.sluice.server.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI's sign-in over real HTTP: the session cookie (HttpOnly, SameSite=Strict), the CSRF token that
 * state-changing calls with that cookie need, the Origin check on the sign-in form, sign-out, revocation, the
 * redirect after sign-in, the pages' security headers and the static files. One test runs every API route with a
 * session of each role, as {@link AuthorizationMatrixTest} does with bearer tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiSessionTest {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
    ServerFixture f;
    String origin;
    String cookieName;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A browser's session: the cookie's value and the CSRF token its pages carry. */
    record Session(String cookie, String csrf) {}

    @BeforeAll
    void start(@TempDir Path tmp) {
        f = new ServerFixture(tmp);
        origin = "http://127.0.0.1:" + f.server.port();
        cookieName = "sluice_session_" + f.server.port();
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void aPageWithoutASessionSendsTheBrowserToSignInAndBackAfterwards() {
        HttpResponse<String> page = send("GET", "/runs/20261207-1?step=load", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/signin?next=%2Fruns%2F20261207-1%3Fstep%3Dload");
        HttpResponse<String> signIn = signInResponse(f.admin, "/runs/20261207-1?step=load", origin);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/runs/20261207-1?step=load");
    }

    @Test
    void signInSetsAnHttpOnlySameSiteStrictCookieAndThePageCarriesItsCsrfToken() {
        HttpResponse<String> signIn = signInResponse(f.admin, "", origin);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(cookieName + "=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        Session s = session(f.admin);
        HttpResponse<String> page = send("GET", "/runs", null, Map.of("Cookie", cookieName + "=" + s.cookie()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-user=\"admin\"", "data-role=\"admin\"", "<script type=\"module\" src=\"/ui/app/page-runs.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self';", "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).doesNotContain(f.admin);
    }

    @Test
    void signInRefusesAFormFromAnotherSiteOrWithoutOriginAndAuditsIt() {
        for (String from : new String[] {"https://evil.example", null}) {
            HttpResponse<String> r = signInResponse(f.admin, "/runs", from);
            assertThat(r.statusCode()).as("Origin " + from).isEqualTo(403);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(f.api.get("/api/v1/audit?action=ui.signin", f.admin).json().path("entries"))
                .anySatisfy(e -> assertThat(e.path("outcome").asText()).isEqualTo("denied"));
    }

    @Test
    void aWrongTokenIsRefusedWithASentenceAndAudited() {
        HttpResponse<String> r = signInResponse("slt_0123456789ab_" + "A".repeat(43), "/runs", origin);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("That is not a valid API token. Check that it was copied whole (it starts with slt_).");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(f.api.get("/api/v1/audit?action=ui.signin", f.admin).json().path("entries"))
                .anySatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(401));
    }

    @Test
    void afterSignInOnlyAPathOnThisServerIsFollowed() {
        for (String next : List.of("//evil.example/runs", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/signin")) {
            assertThat(signInResponse(f.admin, next, origin).headers().firstValue("Location")).as(next).hasValue("/runs");
        }
        assertThat(signInResponse(f.admin, "/models/churn", origin).headers().firstValue("Location")).hasValue("/models/churn");
    }

    @Test
    void theSessionCookieStandsInForATokenOnEveryRouteAndStateChangesNeedTheCsrfToken() {
        Map<Role, Session> sessions = new LinkedHashMap<>();
        for (Role r : Role.values()) sessions.put(r, session(f.token("ui-" + r.label(), r.label())));
        assertThat(AuthorizationMatrixTest.RULES.keySet()).containsExactlyInAnyOrderElementsOf(
                f.server.routes().stream().map(Route::toString).toList());
        List<String> wrong = new ArrayList<>();
        for (Route route : f.server.routes()) {
            if (route.access() == Access.PUBLIC) continue;
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            for (Map.Entry<Role, Session> e : sessions.entrySet()) {
                Map<String, String> headers = new LinkedHashMap<>(Map.of("Cookie", cookieName + "=" + e.getValue().cookie(), "Origin", origin));
                boolean allowed = e.getKey().allows(route.access().role().orElseThrow());
                if (route.changesState()) {
                    Api.Reply bare = f.api.send(route.method().text(), path, null, "{}", headers);
                    if (bare.status() != 403 || !bare.json().path("error").asText().equals("csrf")) {
                        wrong.add(route + " as " + e.getKey() + " without CSRF: " + bare.status() + " " + bare.text());
                    }
                    headers.put("X-CSRF-Token", e.getValue().csrf());
                }
                Api.Reply r = f.api.send(route.method().text(), path, null, route.changesState() ? "{}" : null, headers);
                boolean ok = allowed ? r.status() != 401 && r.status() != 403 && r.status() < 500 : r.status() == 403;
                if (!ok) wrong.add(route + " as " + e.getKey() + ": " + r.status() + " " + r.text());
            }
        }
        assertThat(wrong).isEmpty();
        Api.Reply who = f.api.send("GET", "/api/v1/whoami", null, null, Map.of("Cookie", cookieName + "=" + sessions.get(Role.OPERATOR).cookie()));
        assertThat(who.json().path("name").asText()).isEqualTo("ui-operator");
    }

    @Test
    void revokingTheTokenEndsItsSessions() {
        Session s = session(f.token("soon-revoked", "operator"));
        Map<String, String> cookie = Map.of("Cookie", cookieName + "=" + s.cookie());
        assertThat(f.api.send("GET", "/api/v1/whoami", null, null, cookie).status()).isEqualTo(200);
        f.api.delete("/api/v1/tokens/soon-revoked", f.admin);
        Api.Reply r = f.api.send("GET", "/api/v1/whoami", null, null, cookie);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("detail").asText()).isEqualTo("the token 'soon-revoked' was revoked");
        assertThat(send("GET", "/runs", null, cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void signOutNeedsTheCsrfTokenAndEndsTheSession() {
        Session s = session(f.admin);
        Map<String, String> headers = Map.of("Cookie", cookieName + "=" + s.cookie(), "Origin", origin,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(send("POST", "/signout", "csrf=wrong", headers).statusCode()).isEqualTo(403);
        assertThat(f.api.send("GET", "/api/v1/whoami", null, null, Map.of("Cookie", cookieName + "=" + s.cookie())).status()).isEqualTo(200);
        HttpResponse<String> out = send("POST", "/signout", "csrf=" + s.csrf(), headers);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Expires=Thu, 1 Jan 1970");
        assertThat(f.api.send("GET", "/api/v1/whoami", null, null, Map.of("Cookie", cookieName + "=" + s.cookie())).status()).isEqualTo(401);
    }

    @Test
    void staticFilesComeOnlyFromTheirFolderAndTheListedLibraries() {
        HttpResponse<String> css = send("GET", "/ui/app/sluice.css", null, Map.of());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        String etag = css.headers().firstValue("ETag").orElseThrow();
        assertThat(send("GET", "/ui/app/sluice.css", null, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(send("GET", "/ui/lib/cytoscape.min.js", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ui/lib/chart.umd.min.js", null, Map.of()).headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        for (String path : List.of("/ui/app/..%2Fapi%2FOpenApi.class", "/ui/app/package-info.java", "/ui/lib/lodash.js", "/ui/app/README.md")) {
            assertThat(send("GET", path, null, Map.of()).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aForeignHostGetsNoPage() throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.server.port())) {
            s.getOutputStream().write(("GET /signin HTTP/1.1\r\nHost: attacker.example:" + f.server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(status).startsWith("HTTP/1.1 403");
        }
    }

    private Session session(String token) {
        HttpResponse<String> r = signInResponse(token, "/runs", origin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String value = setCookie.substring(cookieName.length() + 1, setCookie.indexOf(';'));
        HttpResponse<String> page = send("GET", "/runs", null, Map.of("Cookie", cookieName + "=" + value));
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return new Session(value, m.group(1));
    }

    private HttpResponse<String> signInResponse(String token, String next, String from) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (from != null) headers.put("Origin", from);
        return send("POST", "/signin", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next="
                + URLEncoder.encode(next, StandardCharsets.UTF_8), headers);
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
