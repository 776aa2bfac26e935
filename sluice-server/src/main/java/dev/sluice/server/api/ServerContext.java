package dev.sluice.server.api;

import dev.sluice.exec.Workspace;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.auth.HostPolicy;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.events.EventLog;
import dev.sluice.server.queue.QueueWorker;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.schedule.Scheduling;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the API's handlers work with: the workspace, the pipeline registry, the queue and its worker, run events,
 * tokens, the audit log, the {@code Host}/{@code Origin} policy (known once the port is bound), and the schedules. Immutable holder
 * of thread-safe services.
 */
public record ServerContext(ServerConfig config, Workspace workspace, PipelineCatalog catalog, RunQueue queue,
                            QueueWorker worker, EventLog events, Tokens tokens, AuditLog audit,
                            Supplier<HostPolicy> hostPolicy, Scheduling scheduling) {
    public ServerContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(hostPolicy, "hostPolicy");
        Objects.requireNonNull(scheduling, "scheduling");
    }
}
