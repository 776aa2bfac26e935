package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.RunStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.RunRow;
import dev.sluice.store.LocalArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice gc [--delete] [--json]}: lists (and with {@code --delete} removes) the artifact store's content
 * that no recorded run refers to. Run folders under {@code runs/} are left alone. Not thread-safe (one per invocation).
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Finds artifacts in the store that no recorded run refers to (for example outputs of attempts"
                + " whose metadata was lost, or files put there by hand) and their total size. A dry run by default;"
                + " --delete removes them. Refuses to delete while a run is going, as its newest outputs are not"
                + " recorded yet.", "Run folders (logs, work folders) under SLUICE_HOME/runs are not touched."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed or deleted", "1:a run is going, nothing deleted", "2:bad usage"})
final class GcCommand implements Callable<Integer> {
    @ParentCommand
    SluiceCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--delete", description = "Delete the unreferenced artifacts (default: only list them).")
    boolean delete;

    @Option(names = "--json", description = "Print {\"deleted\", \"count\", \"bytes\", \"artifacts\": [{\"id\", \"size\","
            + " \"folder\"}]} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        parent.prepare();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Workspace ws = Workspace.open(parent.environment().home())) {
            if (!(ws.store() instanceof LocalArtifactStore local)) {
                err.println("sluice gc: only the local artifact store can be collected so far; nothing was deleted");
                return 2;
            }
            List<StoreSweep.Garbage> garbage = new StoreSweep(ws, local).find();
            boolean deleting = delete && !garbage.isEmpty();
            if (deleting && running(ws, err)) return 1;
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

    private static boolean running(Workspace ws, PrintWriter err) {
        List<RunRow> going = ws.metadata().queries().runs(1000).stream().filter(r -> r.state() == RunStatus.RUNNING).toList();
        if (going.isEmpty()) return false;
        err.println("sluice gc: run " + going.getFirst().id() + " is going; its newest outputs are not recorded yet and"
                + " would look unreferenced. Nothing was deleted: run 'sluice gc --delete' again when no run is going.");
        err.flush();
        return true;
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
