package dev.sluice.server.schedule;

import dev.sluice.meta.MetadataSql;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.queue.RunQueue;

import java.time.Clock;
import java.util.Objects;

/** The server's scheduler and backfills, sharing one clock. Immutable holder of thread-safe services. */
public record Scheduling(Scheduler scheduler, Backfills backfills) {
    public Scheduling {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(backfills, "backfills");
    }

    /** Both on the server's database, queue and clock; {@code wake} tells the queue worker a run was queued. */
    public static Scheduling create(MetadataSql sql, PipelineCatalog catalog, RunQueue queue, AuditLog audit, Clock clock,
                                    String serverId, Runnable wake) {
        return new Scheduling(new Scheduler(sql, catalog, queue, audit, clock, serverId, wake),
                new Backfills(sql, catalog, queue, clock));
    }
}
