package dev.sluice.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The approvals inbox, the run page's decision buttons and the pipelines page's schedules in a real browser (headless
 * Chromium) against a real server: an operator starts a pipeline with an approve step, sees it waiting in the inbox
 * and on the run page, approves it with a comment, and sees the run succeed and the decision listed; a viewer sees
 * no enabled button; an operator pauses and resumes a schedule; a pipeline and a comment made of HTML render as text.
 * axe-core finds nothing serious or critical on these pages. Screenshots go to target/ui-screenshots (FAILED-NAME.png
 * for a failing test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalsBrowserTest {
    /**
     * A pipeline name, a comment and a step name made of HTML. YAML step names are letters, digits, '_' and '-' (and
     * an approve step takes no matrix values for its instance name), so the step's row is written to the database as
     * another writer of it might have.
     */
    static final String XSS = "<img src=x onerror=alert(1)>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled", "blocked", "interrupted");

    SluiceServer server;
    Browser browser;
    String admin;
    String operator;
    String viewer;
    String released;
    String xssRun;
    final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    final TestWatcher keepScreenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) return;
            Path shot = browser.screenshot("FAILED-approvals-" + context.getRequiredTestMethod().getName());
            System.out.println("screenshot of the failed browser test: " + shot + " (at " + browser.driver.getCurrentUrl() + ")");
        }
    };

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(dir.resolve("release.yaml"), """
                pipeline: release
                schedules:
                  - {name: nightly, cron: "0 2 * * *", timezone: Europe/Berlin}
                triggers:
                  - {name: deploy-hook, webhook: {secret_env: DEPLOY_HOOK_SECRET}}
                steps:
                  build: {uses: concat, with: {text: "built\\n"}}
                  gate: {uses: approve, after: [build], timeout: 24h}
                  ship: {uses: count, inputs: {in: build.out}, after: [gate]}
                """);
        Files.writeString(dir.resolve("xss.yaml"), """
                pipeline: "<img src=x onerror=alert(1)>"
                steps:
                  gate: {uses: approve}
                """);
        server = SluiceServer.start(ServerConfig.defaults(tmp.resolve("home")).withPort(0).withRunSlots(2).withStepWorkers(2)
                .withPipelineDirs(List.of(dir)));
        admin = server.firstToken().orElseThrow().token();
        Tokens tokens = new Tokens(server.workspace().metadata().sql());
        operator = tokens.create("release-manager", Role.OPERATOR, Optional.empty(), "test").token();
        viewer = tokens.create("watcher", Role.VIEWER, Optional.empty(), "test").token();
        browser = new Browser("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    @Order(1)
    void anOperatorSeesTheWaitingStepInTheInboxApprovesItWithACommentAndTheRunSucceeds() {
        signIn(operator);
        released = submit("release");
        awaitStep(released, "gate", "waiting");
        browser.open("/approvals");
        WebElement row = browser.find(row("waiting-row", released, "gate"));
        assertThat(row.getText()).contains("release").contains("gate").contains("waiting").contains("24h (rejected at ");
        assertAccessible("approvals");
        browser.screenshot("approvals-01-inbox");

        browser.open("/runs/" + released);
        WebElement onRun = browser.find("#run-approvals .decision[data-step=gate]");
        assertThat(onRun.findElement(org.openqa.selenium.By.cssSelector("button.approve")).isEnabled()).isTrue();
        assertAccessible("run with a waiting step");
        browser.screenshot("approvals-02-run-waiting");

        browser.open("/approvals");
        String form = row("waiting-row", released, "gate") + " ";
        browser.find(form + ".decision-comment").sendKeys("checked the build, ship it");
        browser.click(form + "button.approve");
        browser.waitForText("#decided-box", "checked the build, ship it");
        WebElement decided = browser.find(row("decided-row", released, "gate"));
        assertThat(decided.getText()).contains("approved").contains("release-manager").contains("checked the build, ship it");
        awaitFinished(released, "succeeded");
        browser.waitFor(d -> browser.all(row("waiting-row", released, "gate")).isEmpty() ? true : null, Duration.ofSeconds(30),
                "the approved step to leave the waiting list");
        browser.screenshot("approvals-03-decided");

        JsonNode decisions = call("GET", "/api/v1/approvals?state=decided");
        assertThat(decisions.has("waiting")).isFalse();
        assertThat(decisions.path("decided").get(0).path("comment").asText()).isEqualTo("checked the build, ship it");
        assertThat(call("GET", "/api/v1/approvals?state=pending").path("error").asText()).isEqualTo("bad_request");

        browser.open("/runs/" + released);
        browser.waitForText("#run-status", "succeeded");
        assertThat(browser.all("#run-approvals .decision")).isEmpty();
    }

    @Test
    @Order(2)
    void aViewerSeesTheInboxWithNoEnabledButton() {
        xssRun = submit(XSS);
        awaitStep(xssRun, "gate", "waiting");
        signIn(viewer);
        browser.open("/approvals");
        browser.find(row("waiting-row", xssRun, "gate"));
        assertThat(browser.all("#waiting-box button")).isNotEmpty().allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        assertThat(browser.all("#waiting-box input")).allSatisfy(i -> assertThat(i.isEnabled()).isFalse());
        assertThat(browser.text("#waiting-box")).contains("needs the operator role");
        assertAccessible("approvals as a viewer");
        browser.open("/runs/" + xssRun);
        browser.find("#run-approvals .decision");
        assertThat(browser.all("#run-approvals button")).isNotEmpty().allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        browser.open("/pipelines");
        browser.find(".schedule-row");
        assertThat(browser.all(".schedule-row button")).isNotEmpty().allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        assertThat(browser.all(".trigger-row button")).isNotEmpty().allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        assertThat(browser.text("#triggers-box")).contains("Pausing and resuming triggers needs the operator role");
        browser.open("/pipelines/release");
        browser.find(".automation-row");
        assertThat(browser.all(".automation-row button")).hasSize(2).allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        browser.screenshot("approvals-04-viewer");
    }

    @Test
    @Order(3)
    void namesAndCommentsMadeOfHtmlRenderAsTextInTheInbox() {
        signIn(operator);
        browser.open("/approvals");
        String form = row("waiting-row", xssRun, "gate") + " ";
        assertThat(browser.find(row("waiting-row", xssRun, "gate")).getText()).contains(XSS);
        assertNoMarkupRan();
        browser.find(form + ".decision-comment").sendKeys("<script>alert(2)</script> " + XSS);
        browser.click(form + "button.reject");
        browser.waitForText(row("decided-row", xssRun, "gate"), XSS);
        assertThat(browser.text(row("decided-row", xssRun, "gate"))).contains("rejected").contains("<script>alert(2)</script>");
        assertNoMarkupRan();
        awaitFinished(xssRun, "failed");

        server.workspace().metadata().sql().write(c -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE odd AS SELECT * FROM step_runs WHERE run_id = '" + xssRun + "' AND step = 'gate'");
                st.execute("UPDATE odd SET id = id || '-odd', state = 'waiting', ended_at = NULL");
            }
            try (var ps = c.prepareStatement("UPDATE odd SET step = ?, base_step = ?")) {
                ps.setString(1, XSS);
                ps.setString(2, XSS);
                ps.executeUpdate();
            }
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO step_runs SELECT * FROM odd");
                st.execute("DROP TABLE odd");
            }
            return null;
        });
        browser.open("/approvals");
        assertThat(browser.find(row("waiting-row", xssRun, XSS) + " .step-name").getText()).isEqualTo("waiting " + XSS);
        assertThat(browser.find(row("waiting-row", xssRun, XSS) + " label").getText()).isEqualTo("Comment on " + XSS);
        assertNoMarkupRan();
        browser.screenshot("approvals-06-xss-step");
        browser.screenshot("approvals-05-xss");
    }

    @Test
    @Order(4)
    void anOperatorPausesAndResumesAScheduleAndSeesThePipelinesTriggers() {
        signIn(operator);
        browser.open("/pipelines");
        String schedule = ".schedule-row[data-pipeline=release][data-schedule=nightly]";
        assertThat(browser.text(schedule)).contains("0 2 * * *").contains("Europe/Berlin").contains("active");
        assertThat(browser.text(schedule + " .next-tick")).isNotBlank().isNotEqualTo("—");
        assertThat(browser.text("#app table")).contains("webhook: deploy-hook");
        assertAccessible("pipelines with schedules");
        browser.click(schedule + " button.pause");
        browser.waitForText(schedule + " .paused", "paused by release-manager");
        assertThat(browser.text(schedule + " .next-tick")).isEqualTo("—");
        assertThat(call("GET", "/api/v1/schedules?pipeline=release").path("schedules").get(0).path("paused").asBoolean()).isTrue();
        browser.screenshot("approvals-07-schedule-paused");
        browser.click(schedule + " button.resume");
        browser.waitForText(schedule + " .paused", "active");
        assertThat(call("GET", "/api/v1/schedules?pipeline=release").path("schedules").get(0).path("paused").asBoolean()).isFalse();
        assertThat(call("GET", "/api/v1/audit?action=schedule.pause").path("entries").get(0).path("actor").asText()).isEqualTo("release-manager");
    }

    @Test
    @Order(5)
    void anOperatorPausesAndResumesAWebhookTriggerAndAViewerCannot() {
        signIn(operator);
        browser.open("/pipelines");
        String trigger = ".trigger-row[data-pipeline=release][data-trigger=deploy-hook]";
        assertThat(browser.text(trigger)).contains("webhook").contains("active");
        browser.click(trigger + " button.pause");
        browser.waitForText(trigger + " .paused", "paused by release-manager");
        assertThat(browser.text("#trigger-message")).contains("Trigger deploy-hook of release paused.");
        assertAccessible("pipelines with a paused trigger");
        browser.screenshot("approvals-08-trigger-paused");
        assertThat(call("GET", "/api/v1/pipelines/release").path("triggers").get(0).path("paused").asBoolean()).isTrue();

        browser.open("/pipelines/release"); // the pipeline's own page: drawn from the stored state, not from the click
        String own = ".automation-row[data-kind=webhook][data-name=deploy-hook]";
        browser.waitForText(own + " .paused", "paused by release-manager");
        assertThat(browser.text(".automation-row[data-kind=schedule][data-name=nightly]")).contains("0 2 * * *").contains("active");
        assertAccessible("a pipeline with a paused trigger");
        browser.click(own + " button.resume");
        browser.waitForText(own + " .paused", "active");
        browser.click(own + " button.pause");
        browser.waitForText(own + " .paused", "paused by release-manager");
        browser.open("/pipelines");
        browser.waitForText(trigger + " .paused", "paused by release-manager");
        browser.click(trigger + " button.resume");
        browser.waitForText(trigger + " .paused", "active");
        assertThat(call("GET", "/api/v1/pipelines/release").path("triggers").get(0).path("paused").asBoolean()).isFalse();
        assertThat(call("GET", "/api/v1/audit?action=trigger.pause").path("entries").get(0).path("actor").asText())
                .isEqualTo("release-manager");
        assertThat(call("GET", "/api/v1/audit?action=trigger.resume").path("entries").get(0).path("actor").asText())
                .isEqualTo("release-manager");
    }

    @Test
    @Order(6)
    void theInboxShowsANewWaitingStepAndItsDecisionWithoutAReload() {
        signIn(operator);
        browser.open("/approvals");
        assertAccessible("approvals before the run");
        browser.js("window.notReloaded = true");
        String live = submit("release");
        String waiting = row("waiting-row", live, "gate");
        browser.find(waiting);
        assertThat(browser.js("return window.notReloaded === true")).as("the page was not reloaded").isEqualTo(true);
        assertThat(browser.js("return document.getElementById('waiting-box').dataset.drawnOn"))
                .as("drawn on an event of GET /api/v1/events, not by the fallback poll").isIn("approval", "run", "open");
        browser.screenshot("approvals-09-live-waiting");

        call("POST", "/api/v1/runs/" + live + "/steps/gate/reject", Map.of("comment", "decided elsewhere"));
        browser.waitForText(row("decided-row", live, "gate"), "decided elsewhere");
        browser.waitFor(d -> browser.all(waiting).isEmpty() ? true : null, Duration.ofSeconds(30),
                "the decided step to leave the waiting list");
        assertThat(browser.js("return window.notReloaded === true")).isEqualTo(true);
        awaitFinished(live, "failed");
    }

    private static String row(String kind, String runId, String step) {
        return "tr." + kind + "[data-run=\"" + runId + "\"][data-step=\"" + step + "\"]";
    }

    private void assertNoMarkupRan() {
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.js("return document.querySelectorAll('img, script:not([src])').length")).isEqualTo(0L);
        assertThat(browser.js("return document.body.dataset.cspViolations || ''")).isEqualTo("");
    }

    private void signIn(String token) {
        browser.open("/signin");
        browser.find("#token").sendKeys(token);
        browser.click("button[type=submit]");
        browser.waitFor(d -> browser.path().startsWith("/signin") ? null : true, Duration.ofSeconds(10), "signing in");
    }

    private void assertAccessible(String page) {
        browser.waitFor(d -> browser.js("return document.querySelector('#app > p.muted:only-child') === null"), Duration.ofSeconds(30),
                "the page to be drawn");
        assertThat(browser.axeViolations()).as("axe-core on the " + page + " page").isEmpty();
        assertThat(browser.js("return document.body.dataset.cspViolations || ''")).as("CSP violations on " + page).isEqualTo("");
    }

    private String submit(String pipeline) {
        return call("POST", "/api/v1/runs", Map.of("pipeline", pipeline, "params", Map.of())).path("run_id").asText();
    }

    private void awaitStep(String runId, String step, String status) {
        browser.waitFor(d -> {
            for (JsonNode s : call("GET", "/api/v1/runs/" + runId + "/steps").path("steps")) {
                if (s.path("name").asText().equals(step) && s.path("status").asText().equals(status)) return true;
            }
            return null;
        }, Duration.ofMinutes(2), "step " + step + " of run " + runId + " to be " + status);
    }

    private void awaitFinished(String runId, String expected) {
        browser.waitFor(d -> FINAL.contains(call("GET", "/api/v1/runs/" + runId).path("status").asText()) ? true : null,
                Duration.ofMinutes(2), "run " + runId + " to finish");
        assertThat(call("GET", "/api/v1/runs/" + runId).path("status").asText()).isEqualTo(expected);
    }

    private JsonNode call(String method, String path) {
        return call(method, path, null);
    }

    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            return JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
