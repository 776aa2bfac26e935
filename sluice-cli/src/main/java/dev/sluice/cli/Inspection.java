package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.CheckResult;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.report.RunView;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the inspection commands ({@code runs}, {@code show}, {@code artifacts}, {@code lineage}, {@code why},
 * {@code gc}, {@code report}) share: finding a run or artifact by id prefix (an unknown or ambiguous id is a
 * usage error, exit 2, saying what to do), and formatting times, sizes, ids and JSON. Stateless.
 */
final class Inspection {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Inspection() {}

    /**
     * The workspace a command that only reads opens: never created here, so a folder where nothing ran stays without
     * {@code .sluice/}. A usage error (exit 2) when there is none.
     */
    static dev.sluice.exec.Workspace existing(CliEnvironment env, CommandSpec spec) {
        return dev.sluice.exec.Workspace.openForReading(env.home()).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), noWorkspace(env.home())));
    }

    /** What a read-only command says where there is no workspace. */
    static String noWorkspace(java.nio.file.Path home) {
        return "no workspace in " + home + ": nothing has run here yet; run a pipeline first (sluice run FILE), or set"
                + " SLUICE_HOME to the folder that holds one";
    }

    /** The run with this id or unique id prefix; a usage error (exit 2) when there is none or several. */
    static RunRow run(dev.sluice.exec.Workspace ws, String id, CommandSpec spec) {
        return run(ws.metadata().queries(), ws.home().toString(), id, spec);
    }

    /** As {@link #run(dev.sluice.exec.Workspace, String, CommandSpec)}, reading {@code queries} of {@code where}. */
    static RunRow run(dev.sluice.meta.MetadataQueries queries, String where, String id, CommandSpec spec) {
        try {
            return queries.run(id).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "no run '" + id + "' in " + where
                    + "; list the runs with 'sluice runs' (or set SLUICE_HOME to the workspace that has it)"));
        } catch (MetadataException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The artifact with this id or unique id prefix; a usage error (exit 2) when there is none or several. */
    static ArtifactRow artifact(dev.sluice.exec.Workspace ws, String id, CommandSpec spec) {
        try {
            return ws.metadata().queries().artifact(id).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "no artifact '" + id + "' in " + ws.home()
                    + "; list the artifacts with 'sluice artifacts' (lineage takes an artifact id or its prefix)"));
        } catch (MetadataException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A local time for people: {@code 2026-11-27 04:19:56}. */
    static String time(Instant at) {
        return TIME.format(at.atZone(ZoneId.systemDefault()));
    }

    /** {@code 512 B}, {@code 3.8 KB}, {@code 12.0 MB}. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The first 12 hex digits of an artifact id. */
    static String shortId(String artifactId) {
        String hex = artifactId.startsWith("sha256:") ? artifactId.substring(7) : artifactId;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** The run id of a step run id ({@code <run>/<step>#<attempt>}; run ids have no slash). */
    static String runOf(String stepRunId) {
        int slash = stepRunId.indexOf('/');
        return slash < 0 ? stepRunId : stepRunId.substring(0, slash);
    }

    /** {@code 6 succeeded, 2 cached}: step counts by status of the final attempts. */
    static String tally(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** Step counts by status label of each step's final attempt, in label order. */
    static Map<String, Long> counts(RunView view) {
        return view.steps().stream().collect(Collectors.groupingBy(s -> s.last().state().label(), TreeMap::new,
                Collectors.counting()));
    }

    /** A JSON value stored as text (a parameter, the run's parameters), or the text itself when it is not JSON. */
    static JsonNode parse(String json) {
        try {
            return ProblemReport.JSON.readTree(json);
        } catch (IOException e) {
            return ProblemReport.JSON.getNodeFactory().textNode(json);
        }
    }

    /** A step run's parameters as a JSON object. */
    static ObjectNode params(StepRunRow row) {
        ObjectNode node = ProblemReport.JSON.createObjectNode();
        new TreeMap<>(row.params()).forEach((k, v) -> node.set(k, parse(v)));
        return node;
    }

    /**
     * Check results as {@code run --json} and {@code show --json} print them: {@code name}, {@code passed},
     * {@code observed} (null when the metric was not reported), {@code expected}, {@code observed_text},
     * {@code details} and {@code severity}.
     */
    static ArrayNode checks(List<CheckResult> results) {
        ArrayNode checks = ProblemReport.JSON.createArrayNode();
        for (CheckResult c : results) {
            ObjectNode check = checks.addObject().put("name", c.name()).put("passed", c.passed());
            if (c.observed().isPresent()) check.put("observed", c.observed().get());
            else check.putNull("observed");
            check.put("expected", c.expected());
            check.put("observed_text", c.observedText().orElse(null));
            check.put("details", c.details().isEmpty() ? null : c.details());
            check.put("severity", c.severity().label());
        }
        return checks;
    }

    /** {@code name=value} pairs of a step run's parameters, for text output. */
    static String paramsText(StepRunRow row) {
        return new TreeMap<>(row.params()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /**
     * A listing's text: {@code whenEmpty} on its own line when there are no items, else a {@link #table} of
     * {@code header} and one {@code row} per item, in their order.
     */
    static <T> void listing(java.io.PrintWriter out, String whenEmpty, String[] header, Iterable<T> items,
                            java.util.function.Function<T, String[]> row) {
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (T item : items) rows.add(row.apply(item));
        if (rows.size() == 1) out.println(whenEmpty);
        else table(out, rows);
    }

    /** Left-aligned columns separated by two spaces; the last column is not padded. */
    static void table(java.io.PrintWriter out, List<String[]> rows) {
        if (rows.isEmpty()) return;
        int[] widths = new int[rows.getFirst().length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
