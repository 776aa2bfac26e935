package dev.sluice.report;

import dev.sluice.api.Check;
import dev.sluice.api.CheckResult;
import dev.sluice.internal.Durations;
import dev.sluice.meta.OutputRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The HTML tables of a run report (steps, metrics, checks, outputs with lineage) and the page's CSS. Stateless; thread-safe. */
final class ReportTables {
    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:24px auto;max-width:1100px;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dee4;padding-bottom:4px}
            .runid{font:14px ui-monospace,Menlo,Consolas,monospace;color:#59636e;font-weight:normal}
            .pill{color:#fff;border-radius:10px;padding:1px 9px;font-weight:600}
            .phase{font-size:11.5px;color:#59636e;border:1px solid #d8dee4;border-radius:4px;padding:0 5px}
            code,.id{font:12.5px ui-monospace,Menlo,Consolas,monospace}
            .params code{background:#f3f5f7;padding:1px 4px;border-radius:4px}
            table{border-collapse:collapse;width:100%;margin:4px 0 8px}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e9ec;vertical-align:top}
            th{background:#f6f8fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}
            .err{color:#cf222e;white-space:pre-wrap}.muted{color:#6e7781}td code{overflow-wrap:anywhere}
            .scroll{overflow-x:auto;border:1px solid #e6e9ec;border-radius:6px;padding:6px;background:#fcfcfd}
            .legend span{margin-right:12px;font-size:12.5px;white-space:nowrap}
            .legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:4px;vertical-align:-1px}
            svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            .dag .name{fill:#fff;font-size:13px;font-weight:600}.dag .sub{fill:#fff;font-size:11px;opacity:.92}
            .dag .edge{fill:none;stroke:#66707a;stroke-width:1.6}
            .timeline .label{font-size:12px;fill:#1f2328}.timeline .dur{font-size:11px;fill:#59636e}
            .timeline .axis{font-size:10.5px;fill:#6e7781}.timeline .tick{stroke:#e6e9ec}
            footer{margin-top:32px;color:#6e7781;font-size:12px}
            tr.best td{background:#dafbe1;font-weight:600}
            """;

    private ReportTables() {}

    /** The steps table; a step of {@code finally:} or {@code on_failure:} is marked with its phase. */
    static String steps(RunView view, java.util.Map<String, String> finalSteps) {
        StringBuilder sb = open("Steps", "step", "status", "duration", "attempts", "parameters", "cache", "error / log");
        for (RunView.StepView s : view.steps()) {
            String phase = finalSteps.get(s.name());
            row(sb, phase == null ? cell(s.name()) : "<td>" + Html.esc(s.name()) + " <span class=\"phase\" title=\"runs after"
                            + " all the other steps" + (phase.equals("on_failure") ? ", when the run fails" : ", whatever happened")
                            + "\">" + Html.esc(phase) + "</span></td>", "<td><span class=\"pill\" style=\"background:" + Html.colour(s.last().state())
                            + "\">" + s.last().state().label() + "</span></td>",
                    num(Durations.elapsed(s.duration(view.end()))), num(Integer.toString(s.attempts())), params(s),
                    cell(s.last().cacheSource().map(c -> "from " + c).orElse("")), errorCell(s));
        }
        return close(sb);
    }

    private static String params(RunView.StepView s) {
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(s.last().params()).forEach((k, v) -> pairs.add(Html.esc(k + "=" + v)));
        return "<td><code>" + String.join("<br>", pairs) + "</code></td>";
    }

    private static String errorCell(RunView.StepView s) {
        StringBuilder td = new StringBuilder("<td>");
        s.last().error().ifPresent(e -> td.append("<div class=\"err\">").append(Html.esc(e)).append("</div>"));
        s.last().logLocation().ifPresent(l -> td.append("<code class=\"muted\">").append(Html.esc(l)).append("</code>"));
        return td.append("</td>").toString();
    }

    static String metrics(RunView view) {
        StringBuilder sb = open("Metrics", "step", "metric", "value");
        int rows = 0;
        for (RunView.StepView s : view.steps()) {
            for (Map.Entry<String, Double> m : new TreeMap<>(s.last().metrics()).entrySet()) {
                if (dev.sluice.pipeline.MedianStopping.isIntermediate(m.getKey())) continue; // a trial's step-by-step values
                row(sb, cell(s.name()), cell(m.getKey()), num(Html.number(m.getValue())));
                rows++;
            }
        }
        return rows == 0 ? section("Metrics", "No step reported metrics.") : close(sb);
    }

    /** Every check of the run's steps, gates and the steps' own (data expectations), with which rows fail. */
    static String checks(RunView view) {
        StringBuilder sb = open("Checks", "step", "check", "result", "observed", "expected", "details");
        int rows = 0;
        for (RunView.StepView s : view.steps()) {
            for (CheckResult c : s.last().checks()) {
                String result = c.passed() ? "<td class=\"pass\">pass</td>"
                        : c.severity() == Check.Severity.WARN ? "<td class=\"warn\">warn</td>" : "<td class=\"fail\">fail</td>";
                String observed = c.observedText().orElseGet(() -> c.observed().map(Html::number).orElse("not reported"));
                row(sb, cell(s.name()), cell(c.name()), result, num(observed), cell(c.expected()), cell(c.details()));
                rows++;
            }
        }
        return rows == 0 ? section("Checks", "No checks in this run.") : close(sb);
    }

    /** One table per sweep: its trials with their parameters and objective, the best one marked; nothing without sweeps. */
    static String sweeps(List<SweepResult> sweeps) {
        if (sweeps.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("<section><h2>Sweeps</h2>\n");
        for (SweepResult s : sweeps) {
            sb.append("<p><b>").append(Html.esc(s.step())).append("</b>: ").append(Html.esc(s.method())).append(", ")
                    .append(s.trials().size()).append(" trials, seed ").append(s.seed()).append(", objective ")
                    .append(Html.esc(s.metric())).append(" (").append(Html.esc(s.goal())).append("); best: ")
                    .append(s.best().map(b -> Html.esc(b.name()) + " with " + Html.number(b.objective().orElseThrow()))
                            .orElse("none (no trial reported the objective)")).append("</p>\n");
            List<String> params = s.trials().isEmpty() ? List.of() : List.copyOf(s.trials().getFirst().params().keySet());
            sb.append("<table><thead><tr><th>trial</th><th>status</th><th>").append(Html.esc(s.metric())).append("</th>");
            params.forEach(p -> sb.append("<th>").append(Html.esc(p)).append("</th>"));
            sb.append("</tr></thead>\n<tbody>\n");
            for (SweepResult.Trial t : s.trials()) {
                boolean best = s.best().filter(b -> b.name().equals(t.name())).isPresent();
                sb.append(best ? "<tr class=\"best\">" : "<tr>").append(cell(t.name())).append(cell(t.status()))
                        .append(num(t.objective().map(Html::number).orElse("")));
                params.forEach(p -> sb.append(num(t.params().getOrDefault(p, ""))));
                sb.append("</tr>\n");
            }
            sb.append("</tbody></table>\n");
        }
        return sb.append("</section>\n").toString();
    }

    static String outputs(RunView view) {
        StringBuilder sb = open("Outputs and lineage", "step", "output", "artifact", "produced from");
        int rows = 0;
        for (RunView.StepView s : view.steps()) {
            for (OutputRow o : s.last().outputs()) {
                row(sb, cell(s.name()), cell(o.port() + (o.position() > 0 ? "[" + o.position() + "]" : "")),
                        idCell(o.artifactId()), "<td>" + lineage(s) + "</td>");
                rows++;
            }
        }
        return rows == 0 ? section("Outputs and lineage", "No step produced outputs.") : close(sb);
    }

    /** The inputs a step consumed, each with the step and output that produced it; and where a cached step's outputs came from. */
    private static String lineage(RunView.StepView s) {
        List<String> parts = new ArrayList<>();
        for (RunView.InputRef in : s.inputs()) {
            String source = in.producer().map(p -> Html.esc(p + "." + in.producerPort().orElse("?")))
                    .orElse("<span class=\"muted\">outside this run</span>");
            parts.add(Html.esc(in.port()) + " \u2190 " + source + " " + idSpan(in.artifactId()));
        }
        if (parts.isEmpty()) parts.add("<span class=\"muted\">no inputs</span>");
        s.last().cacheSource().ifPresent(c -> parts.add("<span class=\"muted\">reused from " + Html.esc(c) + "</span>"));
        return String.join("<br>", parts);
    }

    private static String idSpan(String id) {
        return "<span class=\"id\" title=\"" + Html.esc(id) + "\">" + Html.esc(Html.shortId(id)) + "</span>";
    }

    private static String idCell(String id) { return "<td>" + idSpan(id) + "</td>"; }

    private static String cell(String text) { return "<td>" + Html.esc(text) + "</td>"; }

    private static String num(String text) { return "<td class=\"num\">" + Html.esc(text) + "</td>"; }

    private static StringBuilder open(String title, String... headings) {
        StringBuilder sb = new StringBuilder("<section><h2>").append(Html.esc(title)).append("</h2>\n<table><thead><tr>");
        for (String h : headings) sb.append("<th>").append(Html.esc(h)).append("</th>");
        return sb.append("</tr></thead>\n<tbody>\n");
    }

    private static void row(StringBuilder sb, String... cells) {
        sb.append("<tr>");
        for (String c : cells) sb.append(c);
        sb.append("</tr>\n");
    }

    private static String close(StringBuilder sb) { return sb.append("</tbody></table></section>\n").toString(); }

    private static String section(String title, String text) {
        return "<section><h2>" + Html.esc(title) + "</h2>\n<p class=\"muted\">" + Html.esc(text) + "</p></section>\n";
    }
}
