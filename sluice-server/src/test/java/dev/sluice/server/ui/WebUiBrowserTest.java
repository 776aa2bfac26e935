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
import org.openqa.selenium.Cookie;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The web UI in a real browser (headless Chromium) against a real server running the churn example: sign in, start
 * a run from the form and watch its DAG turn green without a reload, read a step's log, compare two runs, follow
 * lineage from the registered model back to the CSV, promote as admin while a viewer cannot, read both in the audit
 * log, and see names made of HTML render as text. Every page visited is checked with axe-core (no serious or
 * critical violation) and for Content-Security-Policy violations. Each test leaves a screenshot in
 * target/ui-screenshots; a failing one leaves FAILED-NAME.png there and prints its path. With
 * {@code -Dsluice.ui.docs=PATH} the run page's screenshot is also written to PATH (the README's docs/ui-run.png).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled", "blocked", "interrupted");

    SluiceServer server;
    Browser browser;
    String admin;
    String viewer;
    String firstRun;
    String secondRun;
    Path tmp;
    final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    final TestWatcher keepScreenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) return;
            Path shot = browser.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            System.out.println("screenshot of the failed browser test: " + shot + " (at " + browser.driver.getCurrentUrl() + ")");
        }
    };

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        Path churn = copy(Path.of("..", "examples", "churn"), tmp.resolve("pipelines/churn"));
        Path xss = Files.createDirectories(tmp.resolve("pipelines/xss"));
        Files.writeString(xss.resolve("data.txt"), "a\nb\n");
        Files.writeString(xss.resolve("xss.yaml"), """
                # <img src=x onerror=alert(4)> in a comment
                pipeline: "<img src=x onerror=alert(1)>"
                params:
                  note: {type: string, default: "<script>alert(2)</script>"}
                steps:
                  load: {uses: file, with: {path: data.txt}}
                  count: {uses: count, inputs: {in: load.file}}
                  echo:
                    run: [python3, -c, "import sys; print(sys.argv[1])", "${matrix.tag}"]
                    matrix: {tag: ["<img src=x onerror=alert(3)>", "plain"]}
                """);
        Path gate = Files.createDirectories(tmp.resolve("pipelines/gate"));
        Files.writeString(gate.resolve("gate.yaml"), """
                pipeline: gate
                params:
                  file: {type: string}
                steps:
                  wait: {run: [python3, -c, "import os, sys, time\\nwhile not os.path.exists(sys.argv[1]): time.sleep(0.05)", "${params.file}"]}
                """);
        Path retrain = Files.createDirectories(tmp.resolve("pipelines/retrain"));
        Files.writeString(retrain.resolve("churn-retrain.yaml"), """
                # what a drifting served churn model starts: reads the window of served traffic it is given
                pipeline: churn-retrain
                params:
                  data: {type: path}
                steps:
                  window: {uses: parquet, with: {path: "${params.data}"}}
                  rows: {uses: sql, inputs: {tables: window.data}, with: {query: "SELECT count(*) AS n FROM data"}}
                """);
        server = SluiceServer.start(ServerConfig.defaults(tmp.resolve("home")).withPort(0).withRunSlots(2).withStepWorkers(2)
                .withPipelineDirs(List.of(churn, xss, gate, retrain)));
        this.tmp = tmp;
        admin = server.firstToken().orElseThrow().token();
        viewer = new Tokens(server.workspace().metadata().sql()).create("ui-viewer", Role.VIEWER, Optional.empty(), "test").token();
        browser = new Browser("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    @Order(1)
    void signsInWithAnApiTokenIntoAnHttpOnlySameSiteStrictCookie() {
        browser.open("/runs");
        assertThat(browser.path()).startsWith("/signin?next=");
        assertAccessible("sign-in");
        browser.find("#token").sendKeys("slt_not_a_real_token");
        browser.click("button[type=submit]");
        assertThat(browser.text("#signin-error")).contains("not a valid API token");
        signIn(admin);
        assertThat(browser.path()).isEqualTo("/runs");
        Cookie session = browser.driver.manage().getCookieNamed("sluice_session_" + server.port());
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.text("#who")).contains("admin");
        assertAccessible("runs");
        browser.screenshot("01-signed-in");
    }

    @Test
    @Order(2)
    void startsTheChurnPipelineFromTheFormAndWatchesItsDagTurnGreenWithoutAReload() {
        browser.open("/pipelines/churn");
        WebElement depth = browser.find("#param-max_depth");
        assertThat(depth.getAttribute("min")).isEqualTo("1");
        assertThat(depth.getAttribute("max")).isEqualTo("16");
        depth.clear();
        depth.sendKeys("99");
        browser.click("#run-form button[type=submit]");
        assertThat(browser.path()).as("the form refuses a value above max").isEqualTo("/pipelines/churn");
        assertThat(browser.js("return document.getElementById('param-max_depth').validity.rangeOverflow")).isEqualTo(true);
        assertAccessible("pipeline");
        depth.clear();
        depth.sendKeys("3");
        browser.click("#run-form button[type=submit]");
        browser.waitFor(d -> browser.path().startsWith("/runs/") ? true : null, Duration.ofSeconds(30), "the run page");
        firstRun = browser.path().substring("/runs/".length());
        browser.js("window.sluiceSamePage = 'yes'");
        String first = browser.find("#dag").getAttribute("data-states");
        browser.waitFor(d -> allGreen(browser.find("#dag").getAttribute("data-states")) ? true : null, Duration.ofMinutes(3),
                "every step of the DAG to succeed");
        assertThat(allGreen(first)).as("the DAG was not green when the page opened: " + first).isFalse();
        assertThat(browser.js("return window.sluiceSamePage")).as("no reload happened").isEqualTo("yes");
        browser.waitForText("#run-status", "succeeded");
        assertThat(browser.all("#steps tr.step-row")).allSatisfy(r -> assertThat(r.getText()).contains("succeeded"));
        assertThat(browser.text("#run-params")).contains("max_depth=3");
        assertAccessible("run");
        browser.screenshot("02-run-green");
    }

    @Test
    @Order(3)
    void opensAStepLog() throws IOException {
        browser.open("/runs/" + firstRun);
        browser.click("button[aria-label='Show step load']");
        browser.waitForText("#step-title", "load");
        browser.click("#show-log");
        browser.waitForText("#step-log", "7043 rows");
        assertThat(browser.text("#step-detail")).contains("data/Telco-Customer-Churn.csv");
        assertAccessible("run-with-step");
        browser.click("button[aria-label='Show step evaluate']");
        browser.waitForText("#step-title", "evaluate");
        browser.waitForText("#step-detail", "auc");
        browser.click("#steps button[aria-expanded='false']");
        browser.waitForText("#steps", "gbdt[eta=0.1]");
        browser.js("window.scrollTo(0, 0)");
        Path shot = browser.screenshot("03-run-page");
        String docs = System.getProperty("sluice.ui.docs");
        if (docs != null && !docs.isBlank()) Files.copy(shot, Path.of(docs), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(4)
    void theRunsListShowsANewRunAndItsStatusChangesWithoutAReload() throws IOException {
        browser.open("/runs");
        browser.find("#runs");
        browser.js("window.sluiceSamePage = 'yes'");
        Path file = tmp.resolve("gate-open");
        String id = submit("gate", Map.of("file", file.toString()));
        String row = "tr[data-run-id='" + id + "'] td.status";
        browser.waitForText(row, "running");
        Files.writeString(file, "go");
        browser.waitForText(row, "succeeded");
        assertThat(browser.js("return window.sluiceSamePage")).as("no reload happened").isEqualTo("yes");
        assertThat(browser.all("#runs-body tr").getFirst().getAttribute("data-run-id")).isEqualTo(id);
        browser.screenshot("04-runs-live");
    }

    @Test
    @Order(5)
    void comparesTwoRunsWithDifferentMaxDepth() {
        browser.open("/runs/" + firstRun);
        browser.click("#rerun");
        WebElement depth = browser.find("#rerun-form #param-max_depth");
        assertThat(depth.getAttribute("value")).isEqualTo("3");
        depth.clear();
        depth.sendKeys("5");
        browser.click("#rerun-form button[type=submit]");
        browser.waitFor(d -> browser.path().startsWith("/runs/") && !browser.path().contains(firstRun) ? true : null,
                Duration.ofSeconds(30), "the new run's page");
        secondRun = browser.path().substring("/runs/".length());
        browser.waitForText("#run-status", "succeeded");
        assertThat(browser.text("#run-params")).contains("max_depth=5");
        browser.open("/runs");
        browser.click("#pick-" + css(firstRun));
        browser.click("#pick-" + css(secondRun));
        browser.click("#compare");
        browser.waitForText("#param-summary", "max_depth");
        WebElement row = browser.find("#params tr[data-name='max_depth']");
        assertThat(row.getAttribute("class")).contains("differs");
        assertThat(row.getText()).contains("3").contains("5");
        assertThat(browser.find("#params tr[data-name='min_auc']").getAttribute("class")).doesNotContain("differs");
        assertThat(browser.text("#metrics")).contains("evaluate.auc");
        assertThat(browser.find("#metrics-chart").isDisplayed()).isTrue();
        assertThat(browser.text("#why")).contains("gbdt[eta=0.1]").contains("parameter max_depth: 5 -> 3");
        assertAccessible("compare");
        browser.screenshot("04-compare");
    }

    @Test
    @Order(6)
    void followsLineageFromTheRegisteredModelBackToTheCsv() {
        browser.open("/models/churn");
        browser.click("a[aria-label='Lineage of version 1']");
        browser.waitForText("#page-title", "Lineage of model churn@1");
        browser.click("button[aria-label='Show step load']");
        browser.waitForText("#node-detail", "Telco-Customer-Churn.csv");
        assertAccessible("lineage");
        browser.screenshot("05-lineage");
        browser.click("#node-run");
        browser.waitForText("#step-title", "load");
        assertThat(browser.path()).startsWith("/runs/").contains("step=load");
    }

    @Test
    @Order(7)
    void promotesAModelAsAdminAndAViewerCannot() {
        browser.open("/models/churn");
        assertAccessible("model");
        browser.click("button[aria-label='Promote version 1']");
        assertThat(browser.text("#confirm-title")).isEqualTo("Promote churn version 1?");
        browser.click("#confirm-ok");
        browser.waitForText("#model-message", "churn@champion now points at version 1");
        browser.waitForText("#aliases", "champion");
        browser.waitForText("#sec-who-promoted-what-when + *", "churn@champion");
        browser.screenshot("06-promoted");

        browser.click("header form button");
        browser.waitFor(d -> browser.path().startsWith("/signin") ? true : null, Duration.ofSeconds(10), "the sign-in page");
        signIn(viewer);
        browser.open("/models/churn");
        browser.waitForText("#aliases", "champion");
        assertThat(browser.all("button.promote")).isEmpty();
        assertThat(browser.text("#app")).contains("Promoting and rolling back a model needs the admin role");
        Object status = browser.asyncJs("const done = arguments[arguments.length - 1];"
                + " fetch('/api/v1/models/churn/promote', {method: 'POST', headers: {'Content-Type': 'application/json',"
                + " 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},"
                + " body: JSON.stringify({version: 2, alias: 'champion'})}).then(r => done(r.status));");
        assertThat(status).as("the API refuses the viewer too").isEqualTo(403L);
        browser.screenshot("06-viewer-cannot");
    }

    @Test
    @Order(8)
    void theAuditLogShowsThePromotionAndTheRefusedAttempt() {
        browser.open("/audit?action=model.promote");
        browser.waitForText("#app table", "ui-viewer");
        List<String> rows = browser.all("#app tbody tr").stream().map(WebElement::getText).toList();
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("admin").contains("churn@champion").contains("ok"));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("ui-viewer").contains("denied").contains("403"));
        assertAccessible("audit");
        browser.screenshot("07-audit");
    }

    @Test
    @Order(9)
    void namesMadeOfHtmlRenderAsText() throws IOException {
        signIn(admin);
        browser.open("/pipelines");
        WebElement link = browser.find("a[href='/pipelines/" + encode(XSS_NAME) + "']");
        assertThat(link.getText()).isEqualTo(XSS_NAME);
        link.click();
        browser.waitForText("#page-title", "Pipeline " + XSS_NAME);
        assertThat(((String) browser.js("return document.getElementById('param-note').value"))).isEqualTo("<script>alert(2)</script>");
        browser.click("#show-yaml");
        browser.waitForText("#yaml", "<img src=x onerror=alert(4)> in a comment");
        Path yaml = tmp.resolve("pipelines/xss/xss.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("# <img src=x onerror=alert(4)> in a comment",
                "# <img src=x onerror=alert(5)> in a changed comment"));
        server.rescan();
        browser.driver.navigate().refresh();
        browser.click("#show-diff");
        browser.waitForText("#diff", "+ # <img src=x onerror=alert(5)> in a changed comment");
        assertThat(browser.text("#diff")).contains("- # <img src=x onerror=alert(4)> in a comment");
        assertNoMarkupRan();
        browser.click("#run-form button[type=submit]");
        browser.waitFor(d -> browser.path().startsWith("/runs/") ? true : null, Duration.ofSeconds(30), "the run page");
        String run = browser.path();
        browser.waitForText("#run-status", "succeeded");
        browser.click("#steps button[aria-expanded='false']");
        browser.waitForText("#steps", "echo[tag=<img src=x onerror=alert(3)>]");
        browser.click("button[aria-label='Show step echo[tag=<img src=x onerror=alert(3)>]']");
        browser.waitForText("#step-title", "echo[tag=<img src=x onerror=alert(3)>]");
        browser.click("#show-log");
        browser.waitForText("#step-log", "<img src=x onerror=alert(3)>");
        for (String page : List.of("/runs", "/audit")) {
            browser.open(page);
            browser.find("#app table");
            assertNoMarkupRan();
        }
        browser.open(run);
        browser.find("#dag");
        assertNoMarkupRan();
        browser.screenshot("08-html-names-as-text");
    }

    @Test
    @Order(10)
    void monitoringChartsEachFeaturesDriftAndListsTheAlarm(@TempDir Path tmp) throws Exception {
        Path test = split("test");
        Path shifted = tmp.resolve("shifted.parquet");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * REPLACE (tenure * 3 + 40 AS tenure, MonthlyCharges * 2 AS MonthlyCharges) FROM read_parquet('"
                    + test + "')) TO '" + shifted + "' (FORMAT parquet)");
        }
        var monitor = new dev.sluice.monitor.ModelMonitor(server.workspace(), dev.sluice.monitor.DriftThresholds.DEFAULTS,
                java.time.Clock.systemUTC());
        monitor.check(new dev.sluice.monitor.ModelMonitor.Request("churn@1", Optional.empty(), Optional.of(test), 10_000, Optional.empty()));
        String drifted = monitor.check(new dev.sluice.monitor.ModelMonitor.Request("churn@1", Optional.empty(), Optional.of(shifted),
                10_000, Optional.empty())).artifactId();
        browser.open("/monitoring");
        browser.waitForText("#app", "Model churn");
        assertThat(browser.find("canvas#psi-churn").isDisplayed()).isTrue();
        assertThat(browser.find("canvas#ks-churn").isDisplayed()).isTrue();
        assertAccessible("monitoring");
        browser.screenshot("09-monitoring");
        browser.click("a[href='/monitoring?report=" + encode(drifted) + "']");
        browser.waitForText("#page-title", "Drift report");
        List<String> rows = browser.all("#app tbody tr").stream().map(WebElement::getText).toList();
        assertThat(rows.getFirst()).contains("drift");
        assertThat(String.join("\n", rows)).contains("tenure").contains("MonthlyCharges");
        assertAccessible("drift report");
    }

    @Test
    @Order(11)
    void monitoringListsAServedModelWithItsDriftAlarmTheReportAndTheRetrainingRunItStarted() throws Exception {
        browser.open("/monitoring");
        browser.waitForText("#sec-served-models + *", "This server serves no model.");
        JsonNode served = call("POST", "/api/v1/serving", Map.of("model", "churn@champion", "retrain", "churn-retrain",
                "check", "1s", "min_rows", 200, "poll", "200ms"));
        assertThat(served.path("version").asInt()).as(served.toString()).isEqualTo(1);
        List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT to_json(t)::VARCHAR FROM (SELECT * EXCLUDE (Churn) REPLACE"
                     + " (tenure * 3 + 40 AS tenure, MonthlyCharges * 2 AS MonthlyCharges) FROM read_parquet('" + split("test")
                     + "')) t")) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        HttpClient model = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int from = 0; from < rows.size(); from += 200) {
            String body = "{\"rows\": [" + String.join(",", rows.subList(from, Math.min(rows.size(), from + 200))) + "]}";
            HttpResponse<String> r = model.send(HttpRequest.newBuilder(URI.create(served.path("url").asText()))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        JsonNode[] alarm = new JsonNode[1];
        browser.waitFor(d -> {
            alarm[0] = call("GET", "/api/v1/serving", null).path("served").get(0).path("last_retraining");
            return alarm[0].path("run_id").isTextual() ? true : null;
        }, Duration.ofMinutes(3), "the served model's drift check to start a retraining run");
        String report = alarm[0].path("report").asText();
        String retrainRun = alarm[0].path("run_id").asText();

        browser.open("/monitoring");
        String row = ".served-row[data-model=churn]";
        assertThat(browser.text(row)).contains("churn@champion").contains("version 1").contains(served.path("url").asText())
                .contains("churn-retrain");
        assertThat(browser.text(row + " .last-alarm")).contains("drifted:").contains("tenure");
        String started = row + " .last-retraining ";
        assertThat(browser.find(started + "a[href='/monitoring?report=" + encode(report) + "']").isDisplayed()).isTrue();
        assertThat(browser.find(started + "a[href='/runs/" + retrainRun + "']").isDisplayed()).isTrue();
        assertThat(browser.find("canvas#psi-churn").isDisplayed()).isTrue();
        assertAccessible("monitoring with a served model");
        browser.screenshot("10-served-model");
        browser.click(started + "a[href='/runs/" + retrainRun + "']");
        browser.waitForText("#app", "churn-retrain");
        assertThat(browser.text("#app")).contains("drift");
        browser.open("/monitoring");
        browser.click(started + "a[href='/monitoring?report=" + encode(report) + "']");
        browser.waitForText("#page-title", "Drift report");
        assertThat(browser.text("#app")).contains(retrainRun);
        call("DELETE", "/api/v1/serving/churn", null);
    }

    /** The file of the first churn run's split output {@code port}. */
    private Path split(String port) {
        for (JsonNode s : call("GET", "/api/v1/runs/" + firstRun + "/steps", null).path("steps")) {
            if (!s.path("name").asText().equals("split")) continue;
            for (JsonNode o : s.path("outputs")) {
                if (o.path("port").asText().equals(port)) {
                    return server.workspace().store().path(dev.sluice.store.Digest.parse(o.path("artifact").asText())).orElseThrow();
                }
            }
        }
        throw new AssertionError("run " + firstRun + " has no split." + port);
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

    private static boolean allGreen(String statesJson) {
        if (statesJson == null || statesJson.isBlank()) return false;
        try {
            JsonNode states = JSON.readTree(statesJson);
            if (states.isEmpty()) return false;
            for (JsonNode s : states) if (!s.asText().equals("succeeded")) return false;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String submit(String pipeline, Map<String, Object> params) {
        JsonNode r = call("POST", "/api/v1/runs", Map.of("pipeline", pipeline, "params", params));
        return r.path("run_id").asText();
    }

    private void awaitFinished(String runId) {
        browser.waitFor(d -> FINAL.contains(call("GET", "/api/v1/runs/" + runId, null).path("status").asText()) ? true : null,
                Duration.ofMinutes(3), "run " + runId + " to finish");
        assertThat(call("GET", "/api/v1/runs/" + runId, null).path("status").asText()).isEqualTo("succeeded");
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

    private static String css(String id) {
        return id.replaceAll("([^A-Za-z0-9_-])", "\\\\$1");
    }

    private static String encode(String s) {
        // as the page's encodeURIComponent: parentheses stay as they are
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20").replace("%28", "(").replace("%29", ")");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        return to;
    }
}
