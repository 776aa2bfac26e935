package dev.sluice.report;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML report of a real recorded run: a fan-out, a fan-in, a passing and a failing check, a blocked step. */
class RunReportPageTest {
    private static final String PIPELINE = """
            pipeline: report-test
            steps:
              load: {uses: file, with: {path: words.txt}}
              side: {uses: concat, inputs: {parts: load.file}, with: {text: "x & y\\n"}}
              head: {uses: concat, inputs: {parts: load.file}, with: {text: "words\\n"}}
              count: {uses: count, inputs: {in: head.out}, checks: {lines: ">= 2"}}
              gate: {uses: count, inputs: {in: side.out}, checks: {lines: ">= 100"}}
              after: {uses: concat, after: [gate], with: {text: done}}
            """;

    @TempDir
    Path dir;

    private RunRow run;
    private List<StepRunRow> stepRuns;

    @BeforeEach
    void recordARun() throws Exception {
        Files.writeString(dir.resolve("words.txt"), "alpha\nbeta\ngamma\n");
        Path file = Files.writeString(dir.resolve("p.yaml"), PIPELINE);
        Pipeline pipeline = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(file, "p.yaml"), Map.of());
        Path home = dir.resolve("home");
        try (Workspace ws = Workspace.open(home)) {
            RunResult result = new LocalExecutor(RunOptions.defaults(home), ws).run(pipeline, RunListener.NONE);
            run = ws.metadata().queries().run(result.runId()).orElseThrow();
            stepRuns = ws.metadata().queries().stepRuns(result.runId());
        }
    }

    @Test
    void theViewWiresStepsByTheArtifactsTheyConsumed() {
        RunView view = RunView.of(run, stepRuns);
        assertThat(view.steps()).extracting(RunView.StepView::name)
                .containsExactlyInAnyOrder("load", "side", "head", "count", "gate", "after");
        assertThat(view.edges()).containsExactlyInAnyOrder(new RunView.Edge("load", "side"),
                new RunView.Edge("load", "head"), new RunView.Edge("head", "count"), new RunView.Edge("side", "gate"));
        assertThat(view.step("after").orElseThrow().last().state()).isEqualTo(StepStatus.BLOCKED);
        assertThat(view.step("after").orElseThrow().attempts()).isZero();
    }

    @Test
    void thePageHasTheGraphTheTimelineMetricsChecksAndLineage() {
        String html = RunReportPage.render(run, stepRuns);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg class=\"dag\"", "<svg class=\"timeline\"");
        assertThat(count(html, "<g class=\"node\"")).isEqualTo(6);
        assertThat(count(html, "<g class=\"bar\"")).isEqualTo(6);
        assertThat(count(html, "<path class=\"edge\"")).isEqualTo(4);
        assertThat(html).contains("<td>lines</td>", "<td class=\"num\">4</td>") // count's metric: 4 lines
                .contains("<td class=\"pass\">pass</td>", "<td class=\"fail\">fail</td>", "&gt;= 100")
                .contains("blocked by failed step")
                .contains("in \u2190 head.out");
        assertThat(html).contains("text=&quot;x &amp; y\\n&quot;");
        assertThat(html).doesNotContainPattern("(?i)https?://").doesNotContain("<script", "<link", "<img");
    }

    @Test
    void nodesAreColouredByStatusAndEdgesPointRight() {
        String html = RunReportPage.render(run, stepRuns);
        assertThat(node(html, "gate")).contains("fill=\"" + Html.colour(StepStatus.FAILED) + "\"");
        assertThat(node(html, "after")).contains("fill=\"" + Html.colour(StepStatus.BLOCKED) + "\"");
        assertThat(node(html, "load")).contains("fill=\"" + Html.colour(StepStatus.SUCCEEDED) + "\"");
        Matcher edge = Pattern.compile("d=\"M([\\d.]+),[\\d.]+ C[^\"]* ([\\d.]+),[\\d.]+\"").matcher(html);
        int edges = 0;
        while (edge.find()) {
            assertThat(Double.parseDouble(edge.group(2))).isGreaterThan(Double.parseDouble(edge.group(1)));
            edges++;
        }
        assertThat(edges).isEqualTo(4);
    }

    @Test
    void longestPathLayeringPutsEachStepAfterAllItsInputs() {
        List<RunView.Edge> edges = List.of(new RunView.Edge("a", "b"), new RunView.Edge("b", "c"),
                new RunView.Edge("a", "c"), new RunView.Edge("x", "c"));
        DagLayout.Result layout = DagLayout.layout(List.of("a", "x", "b", "c"), edges);
        assertThat(layout.places().get("a").layer()).isZero();
        assertThat(layout.places().get("x").layer()).isZero();
        assertThat(layout.places().get("b").layer()).isEqualTo(1);
        assertThat(layout.places().get("c").layer()).isEqualTo(2);
        assertThat(layout.layers()).isEqualTo(3);
        assertThat(layout.rows()).isEqualTo(2);
    }

    @Test
    void barycenterOrderingUncrossesTwoChains() {
        // a1 -> b2 and a2 -> b1: listing b1 first would cross; the sweep puts b2 beside a1
        List<RunView.Edge> edges = List.of(new RunView.Edge("a1", "b2"), new RunView.Edge("a2", "b1"));
        DagLayout.Result layout = DagLayout.layout(List.of("a1", "a2", "b1", "b2"), edges);
        assertThat(layout.places().get("b2").row()).isEqualTo(layout.places().get("a1").row());
        assertThat(layout.places().get("b1").row()).isEqualTo(layout.places().get("a2").row());
    }

    @Test
    void anInterruptedRunWithoutEndTimesStillRenders() {
        String html = RunReportPage.render(interrupted("{}"), List.of(running("s", "{}")));
        assertThat(html).contains("interrupted", "<g class=\"node\"", "<g class=\"bar\"");
    }

    @Test
    void recordedTextIsEscapedEverywhere() {
        String evil = "t[v=<script>alert('x')</script>]";
        String html = RunReportPage.render(interrupted("{\"p\":\"</code><b>\"}"), List.of(running(evil, "{\"inputs\":{}}")));
        assertThat(html).doesNotContain("<script>", "<b>", "alert('x')")
                .contains("t[v=&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;]", "&lt;/code&gt;&lt;b&gt;");
    }

    private static RunRow interrupted(String params) {
        return new RunRow("r1", "p", "pipe", RunStatus.INTERRUPTED, Instant.EPOCH, Optional.empty(), params,
                Optional.empty(), "host", 1, Optional.empty());
    }

    private static StepRunRow running(String step, String parts) {
        return new StepRunRow("r1/" + step + "#1", "r1", step, step, StepStatus.RUNNING, 1, Instant.EPOCH.plusSeconds(1),
                Optional.empty(), Optional.empty(), Optional.of("boom <b>"), Optional.empty(), Optional.of("k"), parts,
                Optional.empty(), Map.of(), Map.of("m<", 1.5), List.of(), List.of());
    }

    @Test
    void chromiumRendersThePage() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "no /usr/bin/chromium: not checking the page in a browser");
        Path page = Files.writeString(dir.resolve("report.html"), RunReportPage.render(run, stepRuns));
        Path shot = dir.resolve("report.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=1200,1800", "--screenshot=" + shot, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        String keep = System.getenv("SLUICE_REPORT_SCREENSHOT");
        if (keep != null) Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String node(String html, String step) {
        int start = html.indexOf("<g class=\"node\" data-step=\"" + step + "\"");
        assertThat(start).as("node " + step).isNotNegative();
        return html.substring(start, html.indexOf("</g>", start));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
