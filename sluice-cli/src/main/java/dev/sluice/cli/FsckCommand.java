package dev.sluice.cli;

import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.store.ContentStamp;
import dev.sluice.store.Digest;
import dev.sluice.store.LocalArtifactStore;
import dev.sluice.store.StoreAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sluice fsck [--repair] [--json]}: checks every blob and folder manifest of the artifact store against its
 * digest ({@link StoreAudit}), moves damaged ones to {@code store/quarantine/}, reports what recorded runs refer to
 * but the store lacks, and with {@code --repair} writes back what the metadata database keeps (small files); for the
 * rest it names the step runs that made them, which the pipeline's next run runs again (their cached outputs are
 * gone, so the cache misses). Not thread-safe (one per invocation).
 */
@Command(name = "fsck", mixinStandardHelpOptions = true,
        description = {"Checks every file and folder manifest in the artifact store against its SHA-256 digest, and"
                + " that every artifact a recorded run refers to is there. Damaged content is moved to"
                + " SLUICE_HOME/store/quarantine/, so it is never read again and the steps that made it run again on"
                + " their pipeline's next run. --repair also writes back the small files the metadata database keeps"
                + " a copy of.", "Shows progress on a terminal. Safe while runs are going."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no problems (with --repair: every problem repaired)", "1:problems found (with --repair: not"
                + " all repaired; run the pipelines named)", "2:bad usage"})
final class FsckCommand extends SluiceSubcommand {
    @Option(names = "--repair", description = "Write back what the metadata database keeps a copy of (small files).")
    boolean repair;

    @Option(names = "--json", description = "Print {\"store\", \"clean\", \"repair\", \"files\", \"folders\", \"bytes\","
            + " \"stale_trees\", \"problems\": [{\"id\", \"problem\", \"size\", \"folders\", \"quarantined\", \"restorable\","
            + " \"repaired\", \"made_by\": [{\"pipeline\", \"step\", \"run_id\", \"step_run_id\"}]}]} on stdout.")
    boolean json;

    /** A step run that made damaged or missing content, and its pipeline. */
    record Maker(String pipeline, String step, String runId, String stepRunId) {}

    /** One problem as reported: the store's finding and what was done or is to do about it. */
    record Finding(StoreAudit.Problem problem, boolean restorable, boolean repaired, List<Maker> madeBy) {}

    @Override
    int execute() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Workspace ws = Workspace.open(parent.environment().home())) {
            if (!(ws.store() instanceof LocalArtifactStore local)) {
                err.println("sluice fsck: only the local artifact store can be checked so far, and this workspace's is " + ws.store()
                        + " (SLUICE_STORE); that store checks each object against its digest whenever it reads it");
                err.flush();
                return 2;
            }
            StoreAudit.Report report;
            try (FsckProgress progress = new FsckProgress(parent.environment().terminal(), err)) {
                report = new StoreAudit(local, recorded(ws)).run(progress);
            }
            List<Finding> findings = new ArrayList<>();
            for (StoreAudit.Problem p : report.problems()) findings.add(finding(ws, p));
            FsckOutput output = new FsckOutput(local.root(), report, findings, repair);
            if (json) ProblemReport.printJson(output.json(), out);
            else output.printText(out);
            return output.clean() ? 0 : 1;
        }
    }

    private static Set<Digest> recorded(Workspace ws) {
        Set<Digest> digests = new LinkedHashSet<>();
        for (String id : ws.metadata().lineage().referencedArtifacts()) {
            try {
                digests.add(Digest.parse(id));
            } catch (RuntimeException e) {
                // not a content digest: nothing in the store to check
            }
        }
        return digests;
    }

    private Finding finding(Workspace ws, StoreAudit.Problem p) {
        boolean file = p.kind() != StoreAudit.Kind.DAMAGED_MANIFEST;
        boolean restorable = file && ws.metadata().queries().artifactContent(p.digest().toString()).isPresent();
        // the store writes back from the database's copy (when its bytes hash right) as it verifies
        boolean repaired = repair && restorable && ws.store().verify(ContentStamp.unknown(p.digest())).usable();
        List<Maker> makers = repaired ? List.of() : madeBy(ws, p);
        return new Finding(p, restorable, repaired, makers);
    }

    /** The step runs that made the content (for a file of a folder: those that made the folder), not cache hits. */
    private static List<Maker> madeBy(Workspace ws, StoreAudit.Problem p) {
        List<Digest> artifacts = p.folders().isEmpty() ? List.of(p.digest()) : p.folders();
        Set<Maker> makers = new LinkedHashSet<>();
        for (Digest artifact : artifacts) {
            Lineage up = ws.metadata().lineage().upstream(artifact.toString());
            for (Lineage.Node n : up.nodes()) {
                StepRunRow r = n.stepRun();
                if (n.depth() != 1 || r.state() == StepStatus.CACHED) continue;
                String pipeline = ws.metadata().queries().run(r.runId()).map(RunRow::pipelineName).orElse("?");
                makers.add(new Maker(pipeline, r.step(), r.runId(), r.id()));
            }
        }
        return List.copyOf(makers);
    }

    /** Redraws one line on stderr, at most ten times a second, when stderr is a terminal; else nothing. */
    private static final class FsckProgress implements StoreAudit.Progress, AutoCloseable {
        private final boolean terminal;
        private final PrintWriter err;
        private long lastNanos;
        private Optional<String> shown = Optional.empty();

        FsckProgress(boolean terminal, PrintWriter err) {
            this.terminal = terminal;
            this.err = err;
        }

        @Override
        public void checked(long files, long totalFiles, long bytes, long totalBytes) {
            long now = System.nanoTime();
            if (!terminal || now - lastNanos < 100_000_000L && files < totalFiles) return;
            lastNanos = now;
            String line = "checking the store: " + files + " of " + totalFiles + " files, " + Inspection.size(bytes)
                    + " of " + Inspection.size(totalBytes);
            err.print("\r" + line);
            err.flush();
            shown = Optional.of(line);
        }

        @Override
        public void close() {
            shown.ifPresent(line -> {
                err.print("\r" + " ".repeat(line.length()) + "\r");
                err.flush();
            });
        }
    }
}
