package dev.sluice.server.queue;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunHandle;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.Workspace;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.events.EventLog;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts a claimed run in this process: the version it was queued with (its YAML as registered; the files it names
 * must still have their registered content), its parameters, the cache and resume settings, on the workspace's
 * {@link LocalExecutor} under the run's reserved id, with its events going to the {@link EventLog} and, for the
 * pipeline's {@code notify:} rules, to the notifier. Thread-safe.
 */
final class RunStarter {
    /** Why a claimed run could not start; the run is recorded as failed with this message. */
    static final class CannotStart extends Exception {
        private static final long serialVersionUID = 1L;

        CannotStart(String message) {
            super(message);
        }
    }

    private final PipelineCatalog catalog;
    private final Workspace workspace;
    private final EventLog events;
    private final RunOptions options;
    private final dev.sluice.server.notify.Notifier notifier;

    /** @param options how every run goes (its CPU slots; no-cache and resume are set per run) */
    RunStarter(PipelineCatalog catalog, Workspace workspace, EventLog events, RunOptions options,
               dev.sluice.server.notify.Notifier notifier) {
        this.notifier = notifier;
        this.catalog = catalog;
        this.workspace = workspace;
        this.events = events;
        this.options = options;
    }

    RunHandle start(Claim claim) throws CannotStart {
        QueueEntry e = claim.entry();
        Optional<PipelineVersion> v = catalog.version(e.pipeline(), e.version());
        if (v.isEmpty()) throw new CannotStart("pipeline '" + e.pipeline() + "' has no version " + e.version() + " any more");
        List<String> changed = catalog.changedFiles(v.get());
        if (!changed.isEmpty()) {
            throw new CannotStart("pipeline '" + e.pipeline() + "' version " + v.get().shortDigest() + " names files that"
                    + " changed on disk since it was registered (" + String.join(", ", changed) + "), so that version cannot"
                    + " run any more; submit the run again to run the latest version");
        }
        Pipeline pipeline;
        try {
            pipeline = catalog.definitions().validate(catalog.spec(v.get()), e.params());
        } catch (DefinitionException ex) {
            throw new CannotStart("pipeline '" + e.pipeline() + "' does not validate with this run's parameters: "
                    + ex.problems().stream().map(Problem::format).collect(Collectors.joining("; ")));
        }
        RunOptions o = options.withNoCache(e.noCache());
        if (e.resumeOf().isPresent()) o = o.withResume(e.resumeOf().get());
        dev.sluice.exec.RunListener listener = events.open(e.runId(), claim.nextSeq())
                .and(notifier.watch(dev.sluice.yaml.NotifyRules.of(v.get().yaml()), pipeline.name()));
        return new LocalExecutor(o, workspace).start(pipeline, listener, e.runId());
    }
}
