package dev.sluice.server;

import dev.sluice.server.api.Access;
import dev.sluice.server.api.Route;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the server x every kind of caller: no token, a malformed one, an unknown one, a revoked one, an
 * expired one, and a valid token of each role. The rules are listed here once more, so a route added to the server
 * without a line in {@link #RULES} fails this test, as does a route whose rule differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    /** The least role of every route; PUBLIC needs none. */
    static final Map<String, Access> RULES = rules(
            "GET /api/v1/health", Access.PUBLIC,
            "GET /api/v1/openapi.json", Access.PUBLIC,
            "GET /api/v1/whoami", Access.VIEWER,
            "GET /api/v1/tokens", Access.ADMIN,
            "POST /api/v1/tokens", Access.ADMIN,
            "DELETE /api/v1/tokens/{name}", Access.ADMIN,
            "GET /api/v1/audit", Access.VIEWER,
            "GET /api/v1/pipelines", Access.VIEWER,
            "POST /api/v1/pipelines", Access.ADMIN,
            "GET /api/v1/pipelines/{name}", Access.VIEWER,
            "GET /api/v1/pipelines/{name}/versions", Access.VIEWER,
            "GET /api/v1/pipelines/{name}/versions/{version}", Access.VIEWER,
            "GET /api/v1/pipelines/{name}/dag", Access.VIEWER,
            "POST /api/v1/pipelines/{pipeline}/triggers/{name}/pause", Access.OPERATOR,
            "POST /api/v1/pipelines/{pipeline}/triggers/{name}/resume", Access.OPERATOR,
            "GET /api/v1/runs", Access.VIEWER,
            "POST /api/v1/runs", Access.OPERATOR,
            "GET /api/v1/runs/{id}", Access.VIEWER,
            "POST /api/v1/runs/{id}/cancel", Access.OPERATOR,
            "POST /api/v1/runs/{id}/resume", Access.OPERATOR,
            "POST /api/v1/runs/{id}/pin", Access.OPERATOR,
            "POST /api/v1/runs/{id}/unpin", Access.OPERATOR,
            "POST /api/v1/runs/{id}/steps/{step}/approve", Access.OPERATOR,
            "POST /api/v1/runs/{id}/steps/{step}/reject", Access.OPERATOR,
            "GET /api/v1/runs/{id}/steps", Access.VIEWER,
            "GET /api/v1/runs/{id}/events", Access.VIEWER,
            "GET /api/v1/events", Access.VIEWER,
            "GET /api/v1/runs/{id}/steps/{step}/log", Access.VIEWER,
            "GET /api/v1/artifacts", Access.VIEWER,
            "GET /api/v1/artifacts/{id}", Access.VIEWER,
            "GET /api/v1/artifacts/{id}/content", Access.VIEWER,
            "GET /api/v1/artifacts/{id}/lineage", Access.VIEWER,
            "GET /api/v1/models", Access.VIEWER,
            "GET /api/v1/models/{name}", Access.VIEWER,
            "POST /api/v1/models/{name}/promote", Access.ADMIN,
            "POST /api/v1/models/{name}/rollback", Access.ADMIN,
            "GET /api/v1/drift-reports", Access.VIEWER,
            "GET /api/v1/drift-reports/{id}", Access.VIEWER,
            "GET /api/v1/approvals", Access.VIEWER,
            "GET /api/v1/schedules", Access.VIEWER,
            "POST /api/v1/schedules", Access.OPERATOR,
            "DELETE /api/v1/schedules/{pipeline}/{name}", Access.OPERATOR,
            "POST /api/v1/schedules/{pipeline}/{name}/pause", Access.OPERATOR,
            "POST /api/v1/schedules/{pipeline}/{name}/resume", Access.OPERATOR,
            "GET /api/v1/backfills", Access.VIEWER,
            "POST /api/v1/backfills", Access.OPERATOR,
            "GET /api/v1/backfills/{id}", Access.VIEWER,
            "POST /api/v1/backfills/{id}/cancel", Access.OPERATOR,
            "POST /api/v1/hooks/{pipeline}/{name}", Access.PUBLIC,
            "GET /api/v1/serving", Access.VIEWER,
            "POST /api/v1/serving", Access.ADMIN,
            "DELETE /api/v1/serving/{model}", Access.ADMIN);

    ServerFixture f;
    final Map<String, Optional<String>> callers = new LinkedHashMap<>();
    final Map<String, Role> roles = new LinkedHashMap<>();

    private static Map<String, Access> rules(Object... pairs) {
        Map<String, Access> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Access) pairs[i + 1]);
        return m;
    }

    @BeforeAll
    void start(@TempDir Path tmp) {
        f = new ServerFixture(tmp);
        Tokens tokens = new Tokens(f.server.workspace().metadata().sql());
        callers.put("no token", Optional.empty());
        callers.put("malformed token", Optional.of("not-a-token"));
        callers.put("unknown token", Optional.of("slt_0123456789ab_" + "A".repeat(43)));
        String revoked = f.token("old-ci", "admin");
        f.api.delete("/api/v1/tokens/old-ci", f.admin);
        callers.put("revoked admin token", Optional.of(revoked));
        callers.put("expired admin token", Optional.of(tokens.create("expired", Role.ADMIN, Optional.of(Duration.ofSeconds(-1)), "test").token()));
        callers.put("wrong secret of the admin token", Optional.of(f.admin.substring(0, f.admin.length() - 4) + "AAAA"));
        for (Role r : Role.values()) {
            callers.put(r.label(), Optional.of(f.token("matrix-" + r.label(), r.label())));
            roles.put(r.label(), r);
        }
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void everyRouteHasARuleHereAndTheSameOneInTheServer() {
        Map<String, Access> actual = new LinkedHashMap<>();
        for (Route r : f.server.routes()) actual.put(r.method().text() + " " + r.path(), r.access());
        assertThat(actual).as("routes of the server vs. the rules of this test: add the new route to RULES").isEqualTo(RULES);
    }

    @Test
    void everyRouteAnswersEachCallerAsItsRuleSays() {
        List<String> wrong = new ArrayList<>();
        for (Route route : f.server.routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            for (Map.Entry<String, Optional<String>> c : callers.entrySet()) {
                Api.Reply r = f.api.send(route.method().text(), path, c.getValue().orElse(null),
                        route.changesState() ? "{}" : null, Map.of());
                int expected = expected(route.access(), c.getKey());
                boolean ok = expected == 0 ? r.status() != 401 && r.status() != 403 && r.status() < 500 : r.status() == expected;
                if (!ok) wrong.add(route + " as " + c.getKey() + ": " + r.status() + " " + r.text());
                if (r.status() == 401 || r.status() == 403) {
                    assertThat(r.json().path("error").asText()).isIn("unauthorized", "forbidden");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** 401 without a valid token, 403 with too small a role, else 0 (allowed: the handler answers). */
    private int expected(Access access, String caller) {
        if (access == Access.PUBLIC) return 0;
        Role role = roles.get(caller);
        if (role == null) return 401;
        return role.allows(access.role().orElseThrow()) ? 0 : 403;
    }

    @Test
    void aForeignHostIsRefusedEvenWithAValidToken() throws IOException {
        assertThat(raw("GET /api/v1/whoami HTTP/1.1\r\nHost: attacker.example:" + f.server.port()
                + "\r\nAuthorization: Bearer " + f.admin + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(raw("GET /api/v1/whoami HTTP/1.1\r\nHost: localhost:" + f.server.port()
                + "\r\nAuthorization: Bearer " + f.admin + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aStateChangingCallFromAForeignOriginIsRefusedAndAudited() {
        Api.Reply r = f.api.send("POST", "/api/v1/runs", f.admin, "{\"pipeline\": \"chain\"}", Map.of("Origin", "https://evil.example"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("error").asText()).isEqualTo("forbidden_origin");
        Api.Reply local = f.api.send("POST", "/api/v1/pipelines", f.admin, "{}", Map.of("Origin", "http://127.0.0.1:" + f.server.port()));
        assertThat(local.status()).isEqualTo(400);
        var entries = f.api.get("/api/v1/audit?action=run.start", f.admin).json().path("entries");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("outcome").asText()).isEqualTo("denied");
            assertThat(e.path("status").asInt()).isEqualTo(403);
        });
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", f.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(30_000);
            // the status line is all that is needed; the server may keep the connection open after the answer
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
