package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.store.Digest;
import dev.sluice.store.StoreAudit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code sluice fsck} prints: one entry per problem (what is wrong, what was done, what to do), then a summary
 * line; or the same as one JSON object. Immutable.
 */
record FsckOutput(Path store, StoreAudit.Report report, List<FsckCommand.Finding> findings, boolean repair) {
    private static final String INDENT = "         ";

    /** Whether nothing is left to do: no problem, or every one repaired. */
    boolean clean() {
        return findings.stream().allMatch(FsckCommand.Finding::repaired);
    }

    void printText(PrintWriter out) {
        for (FsckCommand.Finding f : findings) {
            StoreAudit.Problem p = f.problem();
            String size = p.size() < 0 ? "-" : Inspection.size(p.size());
            out.println(String.format(Locale.ROOT, "%-8s %s  %s  %s", label(f), p.digest(), size, done(f)));
            if (!p.folders().isEmpty()) out.println(INDENT + "a file of folder " + folders(p.folders()));
            if (!f.repaired()) todo(f).forEach(line -> out.println(INDENT + line));
        }
        if (report.staleTrees() > 0) {
            out.println("dropped " + report.staleTrees() + " folder tree" + (report.staleTrees() == 1 ? "" : "s")
                    + " that no longer linked the folder's files (rebuilt on next use)");
        }
        out.println("checked " + report.files() + " files and " + report.folders() + " folders ("
                + Inspection.size(report.bytes()) + ") in " + store + ": " + summary());
        out.flush();
    }

    private static String label(FsckCommand.Finding f) {
        return f.repaired() ? "restored" : kind(f.problem());
    }

    private static String kind(StoreAudit.Problem p) {
        return p.kind() == StoreAudit.Kind.MISSING ? "missing" : "damaged";
    }

    private static String done(FsckCommand.Finding f) {
        StoreAudit.Problem p = f.problem();
        if (f.repaired()) return "written back from the database's copy";
        if (p.quarantined().isPresent()) return "moved to " + p.quarantined().get();
        return p.kind() == StoreAudit.Kind.MISSING ? "not in the store" : "could not be moved aside";
    }

    private List<String> todo(FsckCommand.Finding f) {
        if (f.restorable()) return List.of("the database keeps a copy: 'sluice fsck --repair' writes it back");
        if (f.madeBy().isEmpty()) return List.of("no recorded step run made it; if you need it, store it again");
        Map<String, List<String>> runs = new LinkedHashMap<>(); // by step and pipeline: identical content, many runs
        for (FsckCommand.Maker m : f.madeBy()) {
            runs.computeIfAbsent("step '" + m.step() + "' of pipeline '" + m.pipeline() + "'", k -> new ArrayList<>())
                    .add(m.runId());
        }
        List<String> lines = new ArrayList<>();
        runs.forEach((step, ids) -> lines.add("made by " + step + " (run" + (ids.size() == 1 ? " " : "s ") + shown(ids)
                + "): run the pipeline again and the step runs again"));
        return lines;
    }

    /** The newest three run ids (ids sort by start time), and how many more. */
    private static String shown(List<String> runIds) {
        List<String> sorted = new ArrayList<>(runIds);
        sorted.sort(Comparator.reverseOrder());
        String more = sorted.size() > 3 ? " and " + (sorted.size() - 3) + " more" : "";
        return String.join(", ", sorted.subList(0, Math.min(3, sorted.size()))) + more;
    }

    private String summary() {
        if (findings.isEmpty()) return "no problems";
        Map<String, Integer> kinds = new TreeMap<>();
        for (FsckCommand.Finding f : findings) kinds.merge(kind(f.problem()), 1, Integer::sum);
        StringBuilder s = new StringBuilder(findings.size() + (findings.size() == 1 ? " problem (" : " problems ("))
                .append(String.join(", ", kinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()))
                .append(')');
        long repaired = findings.stream().filter(FsckCommand.Finding::repaired).count();
        if (repair) {
            s.append(", ").append(repaired).append(" repaired");
            if (repaired < findings.size()) s.append("; run the pipelines named above to recompute the rest");
        } else if (findings.stream().anyMatch(FsckCommand.Finding::restorable)) {
            s.append("; write back what the database keeps with: sluice fsck --repair");
        }
        return s.toString();
    }

    private static String folders(List<Digest> folders) {
        return String.join(", ", folders.stream().map(Digest::toString).toList());
    }

    ObjectNode json() {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("store", store.toString()).put("clean", clean()).put("repair", repair).put("files", report.files())
                .put("folders", report.folders()).put("bytes", report.bytes()).put("stale_trees", report.staleTrees());
        ArrayNode list = root.putArray("problems");
        for (FsckCommand.Finding f : findings) {
            StoreAudit.Problem p = f.problem();
            ObjectNode o = list.addObject().put("id", p.digest().toString())
                    .put("problem", p.kind().name().toLowerCase(Locale.ROOT)).put("size", p.size());
            ArrayNode in = o.putArray("folders");
            p.folders().forEach(d -> in.add(d.toString()));
            o.put("quarantined", p.quarantined().map(Path::toString).orElse(null))
                    .put("restorable", f.restorable()).put("repaired", f.repaired());
            ArrayNode makers = o.putArray("made_by");
            f.madeBy().forEach(m -> makers.addObject().put("pipeline", m.pipeline()).put("step", m.step())
                    .put("run_id", m.runId()).put("step_run_id", m.stepRunId()));
        }
        return root;
    }
}
