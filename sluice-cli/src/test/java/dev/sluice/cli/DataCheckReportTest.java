package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed data check shows its reason where a user looks (the run summary, {@code sluice show}, {@code --json},
 * the HTML report), is a gate rather than a crash (no stack trace), and a warn-only expectation is shown but lets the
 * run go on. On the churn example's real data (examples/churn/data, see its SOURCE.md).
 */
class DataCheckReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;
    @TempDir Path work;

    private Cli cli() {
        return new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    private Path pipeline(String columns) throws Exception {
        Path data = Cli.repoRoot().resolve("examples/churn/data/Telco-Customer-Churn.csv");
        return Files.writeString(work.resolve("check.yaml"), """
                pipeline: checked
                steps:
                  load: {uses: csv, with: {path: "%s", nulls: ["", " "]}}
                  check:
                    uses: expect
                    inputs: {data: load.data}
                    with:
                      rows: {min: 1000}
                      columns:
                %s
                  train: {uses: sql, inputs: {tables: check.data}, with: {query: "SELECT count(*) AS n FROM data"}}
                """.formatted(data.toString().replace("\\", "/"), columns));
    }

    @Test
    void everyFailedExpectationIsShownInTheSummaryShowJsonAndReportWithoutAStackTrace() throws Exception {
        Path p = pipeline("""
                        tenure: {type: int, max: 60}
                        MonthlyCharges: {max: {value: 100, severity: warn}}
                        Contract: {in: [Month-to-month, One year]}
                        Churn: {in: ["Yes", "No"]}
                """);
        Cli.Result r = cli().run("run", p.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains(
                "step check failed: check failed: tenure.max <= 60 (observed 72); Contract.in in [Month-to-month, One year]"
                        + " (observed other values [Two year])",
                "  check tenure.max = 72, expected <= 60; 1407 rows fail, e.g. rows ",
                "  check Contract.in = other values [Two year], expected in [Month-to-month, One year]; 1695 rows fail, e.g. rows ",
                "  warning: check MonthlyCharges.max = 118.75, expected <= 100; ",
                "blocked (not run): train");
        assertThat(r.out()).doesNotContain("Churn.in").doesNotContain("tenure.type");   // passed: not in the summary
        String runId = runId(r.out());
        Path log = home.resolve("runs").resolve(runId).resolve("steps/check/log.txt");
        assertThat(Files.readString(log)).contains("expect: failed: column 'tenure': max 60 expected, observed 72")
                .doesNotContain("Exception").doesNotContain("\tat ");

        Cli.Result show = cli().run("show", runId);
        assertThat(show.out()).contains(
                "check tenure.max = 72, expected <= 60: FAILED; 1407 rows fail, e.g. rows ",
                "check MonthlyCharges.max = 118.75, expected <= 100: WARNING; ",
                "check Churn.in = only allowed values, expected in [Yes, No]: passed");

        JsonNode steps = JSON.readTree(cli().run("show", runId, "--json").out()).get("step_runs");
        JsonNode check = null;
        for (JsonNode s : steps) if (s.get("name").asText().equals("check")) check = s;
        JsonNode warned = find(check.get("checks"), "MonthlyCharges.max");
        assertThat(warned.get("passed").asBoolean()).isFalse();
        assertThat(warned.get("severity").asText()).isEqualTo("warn");
        assertThat(warned.get("observed").asDouble()).isEqualTo(118.75);
        assertThat(warned.get("observed_text").asText()).isEqualTo("118.75");
        assertThat(warned.get("details").asText()).containsPattern("^\\d+ rows fail, e.g. rows \\d+");
        JsonNode contract = find(check.get("checks"), "Contract.in");
        assertThat(contract.get("observed").isNull()).isTrue();
        assertThat(contract.get("observed_text").asText()).isEqualTo("other values [Two year]");

        JsonNode run = JSON.readTree(cli().run("run", p.toString(), "--json").out());
        for (JsonNode s : run.get("steps")) if (s.get("name").asText().equals("check")) check = s;
        assertThat(find(check.get("checks"), "tenure.max").get("details").asText()).startsWith("1407 rows fail, e.g. rows ");

        assertThat(cli().run("report", runId, "-o", "report.html").code()).isZero();
        String html = Files.readString(work.resolve("report.html"));
        assertThat(html).contains("tenure.max", "other values [Two year]", "1695 rows fail, e.g. rows ", "MonthlyCharges.max",
                "<td class=\"warn\">warn</td>");
    }

    @Test
    void aWarnOnlyExpectationLetsTheRunSucceedAndIsShownInTheSummary() throws Exception {
        Path p = pipeline("""
                        tenure: {max: 60, severity: warn}
                        MonthlyCharges: {max: {value: 115, mostly: 0.99}}   # 64 of 7043 rows above: within 1%
                """);
        Cli.Result r = cli().run("run", p.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("warning: step check: check tenure.max = 72, expected <= 60; ")
                .doesNotContain("MonthlyCharges")   // passed, with mostly
                .containsPattern("(?m)^run \\S+ succeeded in ");
    }

    private static JsonNode find(JsonNode checks, String name) {
        for (JsonNode c : checks) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no check " + name + " in " + checks);
    }

    private static String runId(String out) {
        Matcher m = Pattern.compile("(?m)^run (\\S+) (?:succeeded|failed|blocked) in ").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }
}
