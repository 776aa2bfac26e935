package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Retention;
import dev.sluice.retention.FolderSize;
import dev.sluice.retention.RunSweep;
import dev.sluice.retention.SweepPlan;
import dev.sluice.server.sql.ServerTables;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sluice gc --runs}: plans a retention sweep of the workspace and, with {@code --delete}, applies it; reports
 * the runs, folders and bytes it frees and what of the artifact store becomes collectable. Not thread-safe (one per
 * command).
 */
final class GcRuns {
    /** What the store would hold beyond what is referenced: now, and once the doomed runs are gone. */
    private record StoreFreed(long artifacts, long bytes) {}

    private final Workspace ws;
    private final Optional<Retention> fallback;
    private final boolean delete;

    GcRuns(Workspace ws, Optional<Retention> fallback, boolean delete) {
        this.ws = ws;
        this.fallback = fallback;
        this.delete = delete;
    }

    /** Runs the sweep (or its dry run) and prints what it did; the exit code. */
    int run(boolean json, PrintWriter out, PrintWriter err) {
        RunSweep sweep = new RunSweep(ws.home(), ws.metadata(), fallback, ServerTables.RUN_ROWS, Clock.systemUTC());
        SweepPlan plan = sweep.plan();
        StoreFreed store = storeFreed(plan);
        boolean deleting = delete && !plan.isEmpty();
        if (deleting && GcCommand.running(ws, err, "sluice gc --runs --delete")) return 1;
        Optional<RunSweep.Result> done = deleting ? Optional.of(sweep.apply(plan)) : Optional.empty();
        if (json) ProblemReport.printJson(json(plan, done, store), out);
        else printText(plan, done, store, out);
        return 0;
    }

    /** The store's bytes that become unreferenced once the doomed runs are gone (beyond what is unreferenced now). */
    private StoreFreed storeFreed(SweepPlan plan) {
        Optional<StoreSweep> of = StoreSweep.of(ws);
        if (plan.doomed().isEmpty() || of.isEmpty()) return new StoreFreed(0, 0);
        try {
            StoreSweep sweep = of.get();
            Set<String> now = new HashSet<>();
            sweep.find().forEach(g -> now.add(g.digest().toString()));
            long artifacts = 0;
            long bytes = 0;
            for (StoreSweep.Garbage g : sweep.find(ws.metadata().retention().referencedArtifacts(plan.doomedIds()))) {
                if (now.contains(g.digest().toString())) continue;
                artifacts++;
                bytes += g.size();
            }
            return new StoreFreed(artifacts, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact store: " + e.getMessage(), e);
        }
    }

    private void printText(SweepPlan plan, Optional<RunSweep.Result> done, StoreFreed store, PrintWriter out) {
        for (SweepPlan.Policy p : plan.policies()) out.println(p.pipeline() + ": " + policy(p));
        Set<String> skipped = done.map(r -> Set.copyOf(r.skipped())).orElse(Set.of());
        for (SweepPlan.Doomed d : plan.doomed()) {
            String verb = skipped.contains(d.run().id()) ? "skipped " : done.isPresent() ? "deleted " : "delete  ";
            out.println(verb + d.run().id() + "  " + d.run().pipelineName() + "  " + d.run().state().label() + "  "
                    + Inspection.size(d.folder().diskBytes()) + "  " + d.why());
        }
        for (SweepPlan.Orphan o : plan.orphans()) {
            out.println((done.isPresent() ? "deleted " : "delete  ") + ws.home().relativize(o.path()) + "  "
                    + Inspection.size(o.folder().diskBytes()) + "  a folder without a run");
        }
        for (SweepPlan.Spared s : plan.spared()) {
            out.println("keep    " + s.run().id() + "  " + s.run().pipelineName() + "  " + s.why());
        }
        out.println(summary(plan, done, store));
        out.flush();
    }

    private String summary(SweepPlan plan, Optional<RunSweep.Result> done, StoreFreed store) {
        if (plan.isEmpty()) {
            return "nothing to delete: " + plan.examined() + plural(plan.examined(), " run") + ", all kept by their retention"
                    + (plan.policies().stream().allMatch(p -> p.retention().isEmpty())
                    ? " (no pipeline declares retention: and no default was given; see sluice gc --help)" : "");
        }
        int runs = done.map(r -> r.deleted().size()).orElse(plan.doomed().size());
        int runFolders = done.map(RunSweep.Result::runFolders).orElse(plan.runFolders());
        FolderSize folders = done.map(RunSweep.Result::freed).orElse(plan.folders());
        String what = runs + plural(runs, " run") + " and " + runFolders + plural(runFolders, " run folder") + " ("
                + Inspection.size(folders.diskBytes()) + " on disk: " + folders.folders() + plural(folders.folders(), " folder")
                + " and " + folders.files() + plural(folders.files(), " file") + " of " + Inspection.size(folders.bytes()) + ")";
        String storePart = store.artifacts() == 0 ? "" : "; " + Inspection.size(store.bytes()) + " in " + store.artifacts()
                + plural(store.artifacts(), " stored artifact") + (done.isPresent() ? " became" : " would become")
                + " collectable: sluice gc --delete";
        if (done.isEmpty()) return "would delete " + what + storePart + "\ndelete them with: sluice gc --runs --delete";
        int skipped = done.get().skipped().size();
        return "deleted " + what + storePart + (skipped == 0 ? "" : "; skipped " + skipped + plural(skipped, " run")
                + " that changed since (pinned, resumed or registered)")
                + (done.get().failures().isEmpty() ? "" : "\ncould not remove: " + String.join("; ", done.get().failures()));
    }

    private static String policy(SweepPlan.Policy p) {
        return switch (p.source()) {
            case PIPELINE -> "retention " + p.retention().orElseThrow().describe() + " (its pipeline file)";
            case DEFAULT -> "retention " + p.retention().orElseThrow().describe() + " (the default)";
            case NONE -> "no retention (every run is kept)";
        };
    }

    private static String plural(long n, String noun) {
        return n == 1 ? noun : noun + "s";
    }

    private ObjectNode json(SweepPlan plan, Optional<RunSweep.Result> done, StoreFreed store) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("deleted", done.isPresent());
        FolderSize folders = done.map(RunSweep.Result::freed).orElse(plan.folders());
        root.put("runs", done.map(r -> r.deleted().size()).orElse(plan.doomed().size()));
        root.put("run_folders", done.map(RunSweep.Result::runFolders).orElse(plan.runFolders()));
        root.put("folders", folders.folders());
        root.put("files", folders.files());
        root.put("bytes", folders.bytes());
        root.put("disk_bytes", folders.diskBytes());
        root.put("store_artifacts", store.artifacts());
        root.put("store_bytes", store.bytes());
        ArrayNode policies = root.putArray("policies");
        for (SweepPlan.Policy p : plan.policies()) {
            ObjectNode n = policies.addObject().put("pipeline", p.pipeline()).put("source", p.source().name().toLowerCase(Locale.ROOT));
            p.retention().ifPresent(r -> {
                ObjectNode rn = n.putObject("retention");
                r.keepDays().ifPresent(d -> rn.put("keep_days", d));
                r.keepLast().ifPresent(l -> rn.put("keep_last", l));
            });
        }
        Set<String> skipped = done.map(r -> Set.copyOf(r.skipped())).orElse(Set.of());
        ArrayNode runs = root.putArray("delete");
        for (SweepPlan.Doomed d : plan.doomed()) {
            runs.addObject().put("id", d.run().id()).put("pipeline", d.run().pipelineName()).put("state", d.run().state().label())
                    .put("started", d.run().started().toString()).put("why", d.why()).put("bytes", d.folder().bytes())
                    .put("disk_bytes", d.folder().diskBytes()).put("skipped", skipped.contains(d.run().id()));
        }
        ArrayNode orphans = root.putArray("orphans");
        for (SweepPlan.Orphan o : plan.orphans()) {
            orphans.addObject().put("path", o.path().toString()).put("bytes", o.folder().bytes()).put("disk_bytes", o.folder().diskBytes());
        }
        ArrayNode kept = root.putArray("kept");
        for (SweepPlan.Spared s : plan.spared()) {
            kept.addObject().put("id", s.run().id()).put("pipeline", s.run().pipelineName()).put("why", s.why());
        }
        return root;
    }
}
