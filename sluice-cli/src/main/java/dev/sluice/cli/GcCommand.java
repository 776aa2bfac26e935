package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.RunRow;
import dev.sluice.pipeline.Retention;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code sluice gc [--delete] [--json]}: lists (and with {@code --delete} removes) the artifact store's content
 * that no recorded run refers to. {@code sluice gc --runs [--retention SPEC] [--delete] [--json]} does the same for old
 * runs ({@link GcRuns}). Not thread-safe (one per invocation).
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Finds artifacts in the store that no recorded run refers to (for example outputs of attempts"
                + " whose metadata was lost, or files put there by hand) and their total size. A dry run by default;"
                + " --delete removes them. Refuses to delete while a run is going, as its newest outputs are not"
                + " recorded yet.", "Run folders (logs, work folders) under SLUICE_HOME/runs are not touched.",
                "With --runs: finds the runs that their pipeline's retention: (or the default, --retention or"
                        + " SLUICE_RETENTION) lets go, and with --delete removes their records and run folders. Pinned"
                        + " (sluice pin), queued and running runs, and the runs a registered model's lineage or a kept"
                        + " run's lineage needs, are kept. The artifacts only those runs referred to become collectable"
                        + " by sluice gc --delete."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed or deleted", "1:a run is going, nothing deleted", "2:bad usage"})
final class GcCommand extends SluiceSubcommand {
    /** The environment variable with the default retention policy, e.g. {@code keep_days=30,keep_last=100}. */
    static final String RETENTION_ENV = "SLUICE_RETENTION";

    @Option(names = "--delete", description = "Delete the unreferenced artifacts, or with --runs the old runs (default:"
            + " only list them).")
    boolean delete;

    @Option(names = "--json", description = {"Print {\"deleted\", \"count\", \"bytes\", \"artifacts\": [{\"id\", \"size\","
            + " \"folder\"}]} on stdout.", "With --runs: {\"deleted\", \"runs\", \"run_folders\", \"folders\", \"files\", \"bytes\","
            + " \"disk_bytes\", \"store_artifacts\", \"store_bytes\", \"policies\", \"delete\": [{\"id\", \"pipeline\","
            + " \"state\", \"started\", \"why\", \"bytes\", \"disk_bytes\", \"skipped\"}], \"orphans\", \"kept\": [{\"id\","
            + " \"pipeline\", \"why\"}]}."})
    boolean json;

    @Option(names = "--runs", description = "Delete old runs (their records and folders under SLUICE_HOME/runs) as"
            + " retention says, instead of unreferenced artifacts.")
    boolean runs;

    @Option(names = "--retention", paramLabel = "keep_days=N,keep_last=N", description = "With --runs: the policy of"
            + " pipelines that declare no retention: (default: $SLUICE_RETENTION; without either, their runs are kept).")
    String retention;

    @Override
    int execute() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runs) {
            Optional<Retention> fallback = fallback(spec, retention, parent.environment().env().get(RETENTION_ENV));
            try (Workspace ws = Workspace.open(parent.environment().home())) {
                return new GcRuns(ws, fallback, delete).run(json, out, err);
            }
        }
        if (retention != null) throw new CommandLine.ParameterException(spec.commandLine(), "--retention goes with --runs:"
                + " sluice gc --runs --retention " + retention);
        try (Workspace ws = Workspace.open(parent.environment().home())) {
            Optional<StoreSweep> sweep = StoreSweep.of(ws);
            if (sweep.isEmpty()) {
                err.println("sluice gc: the artifact store " + ws.store() + " cannot be collected; nothing was deleted");
                return 2;
            }
            List<StoreSweep.Garbage> garbage = sweep.get().find();
            boolean deleting = delete && !garbage.isEmpty();
            if (deleting && running(ws, err, "sluice gc --delete")) return 1;
            if (delete) sweep.get().removeAbandonedWrites();
            long bytes = 0;
            for (StoreSweep.Garbage g : garbage) bytes += deleting ? ws.store().delete(g.digest()) : g.size();
            if (deleting) {   // the copies of small blobs kept in the database go with them
                var writer = ws.metadata().writer();
                for (StoreSweep.Garbage g : garbage) writer.submit(new MetaWrite.ArtifactContentDropped(g.digest().toString()));
                writer.flush();
            }
            if (json) ProblemReport.printJson(json(garbage, bytes), out);
            else printText(garbage, bytes, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact store: " + e.getMessage(), e);
        }
        return 0;
    }

    /** True (after saying so) when a run is going: what it is writing is not recorded yet. */
    static boolean running(Workspace ws, PrintWriter err, String command) {
        List<RunRow> going = ws.metadata().queries().runs(1000).stream().filter(r -> r.state() == RunStatus.RUNNING).toList();
        if (going.isEmpty()) return false;
        err.println("sluice gc: run " + going.getFirst().id() + " is going; its newest outputs are not recorded yet and"
                + " would look unreferenced. Nothing was deleted: run '" + command + "' again when no run is going.");
        err.flush();
        return true;
    }

    /** The default policy: {@code --retention}, else {@code SLUICE_RETENTION}; a usage error when malformed. */
    static Optional<Retention> fallback(CommandSpec spec, String option, String env) {
        String text = option != null ? option : env;
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            return Optional.of(Retention.parse(text));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), (option != null ? "--retention: " : RETENTION_ENV
                    + ": ") + e.getMessage());
        }
    }

    private void printText(List<StoreSweep.Garbage> garbage, long bytes, PrintWriter out) {
        if (garbage.isEmpty()) {
            out.println("nothing to collect: every artifact in the store is referenced by a recorded run");
            out.flush();
            return;
        }
        for (StoreSweep.Garbage g : garbage) {
            out.println((delete ? "deleted  " : "") + g.digest() + "  " + Inspection.size(g.size()) + (g.folder() ? "  (folder)" : ""));
        }
        String count = garbage.size() + (garbage.size() == 1 ? " unreferenced artifact" : " unreferenced artifacts");
        if (delete) out.println("deleted " + count + ", freed " + Inspection.size(bytes));
        else out.println(count + ", " + Inspection.size(bytes) + "; delete them with: sluice gc --delete");
        out.flush();
    }

    private ObjectNode json(List<StoreSweep.Garbage> garbage, long bytes) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.put("deleted", delete && !garbage.isEmpty());
        root.put("count", garbage.size());
        root.put("bytes", bytes);
        ArrayNode list = root.putArray("artifacts");
        for (StoreSweep.Garbage g : garbage) list.addObject().put("id", g.digest().toString()).put("size", g.size()).put("folder", g.folder());
        return root;
    }
}
