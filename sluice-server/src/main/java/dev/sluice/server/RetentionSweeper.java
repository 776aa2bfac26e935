package dev.sluice.server;

import dev.sluice.retention.RunSweep;
import dev.sluice.retention.SweepPlan;
import dev.sluice.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One retention sweep of the server's workspace, as its queue loop starts it: plans, deletes what the plan says
 * (rows of runs, with the server's queue entries and event streams, then run folders) and writes what it deleted to
 * the audit log, as actor {@code retention}. Runs that are going are never touched, so it runs beside them.
 * Thread-safe (the queue loop never starts two at once).
 */
final class RetentionSweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    /** Run ids named in one audit entry at most. */
    private static final int LISTED = 100;

    private final RunSweep sweep;
    private final AuditLog audit;

    RetentionSweeper(RunSweep sweep, AuditLog audit) {
        this.sweep = sweep;
        this.audit = audit;
    }

    @Override
    public void run() {
        SweepPlan plan = sweep.plan();
        if (plan.isEmpty()) return;
        RunSweep.Result done = sweep.apply(plan);
        if (done.deleted().isEmpty() && done.runFolders() == 0) return;
        List<String> ids = done.deleted();
        String listed = String.join(", ", ids.subList(0, Math.min(LISTED, ids.size())))
                + (ids.size() > LISTED ? " and " + (ids.size() - LISTED) + " more" : "");
        String detail = "deleted " + ids.size() + " run(s)" + (ids.isEmpty() ? "" : ": " + listed) + "; removed "
                + done.runFolders() + " run folder(s), " + done.freed().diskBytes() + " bytes on disk"
                + (done.skipped().isEmpty() ? "" : "; skipped " + done.skipped().size() + " that changed since planned");
        try {
            audit.append("retention", "retention.sweep", "runs", done.failures().isEmpty() ? "ok" : "partial", 200, detail);
        } catch (RuntimeException e) {
            LOG.warn("retention: the sweep is done but its audit entry was not written ({}): {}", e.toString(), detail);
        }
    }
}
