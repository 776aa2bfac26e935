package dev.sluice.retention;

import dev.sluice.api.RunStatus;
import dev.sluice.meta.MetadataStore;
import dev.sluice.meta.RunRetention;
import dev.sluice.meta.RunRow;
import dev.sluice.pipeline.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A retention sweep over one workspace: {@link #plan()} works out which runs go ({@link SweepPlan}), {@link #apply}
 * deletes them: first their metadata rows (a run still going, pinned or resumed since the plan is skipped then), then
 * their folders, then folders left without a run. A sweep that stops half-way leaves folders whose runs are gone;
 * the next one removes them.
 *
 * <pre>{@code
 * RunSweep sweep = new RunSweep(ws.home(), ws.metadata(), Optional.of(Retention.last(100)), List.of(), Clock.systemUTC());
 * SweepPlan plan = sweep.plan();          // a dry run
 * RunSweep.Result done = sweep.apply(plan);
 * }</pre>
 *
 * <p>Thread-safe, but two sweeps of one workspace at once would only repeat each other's work.
 */
public final class RunSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RunSweep.class);
    /** A folder without a run is left alone this long: a run's folder is made just before its first record. */
    static final Duration ORPHAN_AGE = Duration.ofHours(1);

    private final MetadataStore metadata;
    private final List<RunRetention.DependentTable> dependents;
    private final Clock clock;
    private final Policies policies;
    private final RunFolders folders;

    /**
     * What a sweep did: the runs deleted, those skipped because they changed since the plan, how many run folders were
     * removed (orphans among them) and what they held, and the folders that could not be removed.
     */
    public record Result(List<String> deleted, List<String> skipped, int runFolders, int orphansRemoved, FolderSize freed,
                         List<String> failures) {
        public Result {
            deleted = List.copyOf(deleted);
            skipped = List.copyOf(skipped);
            failures = List.copyOf(failures);
        }
    }

    /**
     * @param fallback   the policy of pipelines that declare none ({@code --retention}); without one they keep everything
     * @param dependents other modules' tables whose rows go with a run (the server's queue and events)
     */
    public RunSweep(Path home, MetadataStore metadata, Optional<Retention> fallback,
                    List<RunRetention.DependentTable> dependents, Clock clock) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.dependents = List.copyOf(dependents);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policies = new Policies(metadata.retention(), fallback, home);
        this.folders = new RunFolders(home);
    }

    /** Works out what a sweep would delete now; changes nothing. */
    public SweepPlan plan() {
        Instant now = clock.instant();
        List<RunRow> runs = metadata.queries().runs(Integer.MAX_VALUE);
        Set<String> pinned = metadata.retention().pinned();
        Map<String, String> resumed = new HashMap<>();
        for (RunRow r : runs) {
            if (going(r)) r.resumedFrom().ifPresent(from -> resumed.putIfAbsent(from, "resumed by run " + r.id()));
        }
        Map<String, List<RunRow>> byPipeline = new LinkedHashMap<>();
        for (RunRow r : runs) byPipeline.computeIfAbsent(r.pipelineName(), k -> new ArrayList<>()).add(r);
        List<SweepPlan.Policy> inForce = new ArrayList<>();
        Map<RunRow, String> candidates = new LinkedHashMap<>();
        List<SweepPlan.Spared> spared = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (var e : byPipeline.entrySet()) {
            SweepPlan.Policy policy = policies.of(e.getKey(), e.getValue().getFirst().pipelineId());
            inForce.add(policy);
            for (int i = 0; i < e.getValue().size(); i++) {
                RunRow r = e.getValue().get(i);
                Optional<String> goes = lets(policy.retention(), i, r, now);
                Optional<String> hold = hold(r, pinned, resumed);
                if (goes.isPresent() && hold.isPresent()) spared.add(new SweepPlan.Spared(r, hold.get()));
                if (goes.isPresent() && hold.isEmpty()) candidates.put(r, goes.get());
                else kept.add(r.id());
            }
        }
        Map<String, String> needed = metadata.retention().neededBy(kept);
        List<SweepPlan.Doomed> doomed = new ArrayList<>();
        candidates.forEach((r, why) -> {
            if (needed.containsKey(r.id())) spared.add(new SweepPlan.Spared(r, needed.get(r.id())));
            else doomed.add(new SweepPlan.Doomed(r, why, folders.of(r.id()).map(folders::measure).orElse(FolderSize.NONE)));
        });
        doomed.sort(Comparator.comparing((SweepPlan.Doomed d) -> d.run().started()).thenComparing(d -> d.run().id()));
        spared.sort(Comparator.comparing((SweepPlan.Spared s) -> s.run().started()).thenComparing(s -> s.run().id()));
        return new SweepPlan(now, runs.size(), doomed, spared, orphans(runs, now), inForce);
    }

    /** Deletes what the plan says: rows first, then folders. */
    public Result apply(SweepPlan plan) {
        List<String> ids = plan.doomed().stream().map(d -> d.run().id()).toList();
        List<String> deleted = metadata.retention().delete(ids, dependents);
        Set<String> gone = Set.copyOf(deleted);
        List<String> skipped = ids.stream().filter(id -> !gone.contains(id)).toList();
        FolderSize freed = FolderSize.NONE;
        List<String> failures = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (String id : deleted) folders.of(id).ifPresent(paths::add);
        int orphans = 0;
        for (SweepPlan.Orphan o : plan.orphans()) {
            paths.add(o.path());
            orphans++;
        }
        int removed = 0;
        for (Path p : paths) {
            FolderSize size = folders.measure(p);
            try {
                folders.delete(p);
                freed = freed.plus(size);
                removed++;
            } catch (IOException | UncheckedIOException e) {
                failures.add(p + ": " + e.getMessage());
                LOG.warn("retention: could not remove {} ({}); the next sweep tries again", p, e.getMessage());
            }
        }
        if (!deleted.isEmpty() || orphans > 0) {
            LOG.info("retention: deleted {} run(s) and {} run folder(s), {} bytes on disk; {} skipped (changed since planned)",
                    deleted.size(), removed, freed.diskBytes(), skipped.size());
        }
        return new Result(deleted, skipped, removed, orphans, freed, failures);
    }

    private List<SweepPlan.Orphan> orphans(List<RunRow> runs, Instant now) {
        Set<String> known = new HashSet<>();
        runs.forEach(r -> known.add(r.id()));
        try {
            return folders.orphans(known, now.minus(ORPHAN_AGE)).stream()
                    .map(p -> new SweepPlan.Orphan(p, folders.measure(p))).toList();
        } catch (IOException e) {
            LOG.warn("retention: cannot list the run folders ({}); none are removed this time", e.getMessage());
            return List.of();
        }
    }

    private static boolean going(RunRow r) {
        return r.state() == RunStatus.RUNNING || r.state() == RunStatus.QUEUED;
    }

    /** Why a run that its policy lets go stays anyway, if it does. */
    private static Optional<String> hold(RunRow r, Set<String> pinned, Map<String, String> resumed) {
        if (going(r)) return Optional.of(r.state().label());
        if (pinned.contains(r.id())) return Optional.of("pinned");
        return Optional.ofNullable(resumed.get(r.id()));
    }

    /** Why the policy lets a run go ({@code newest}: its place among its pipeline's runs), if it does. */
    private static Optional<String> lets(Optional<Retention> policy, int newest, RunRow r, Instant now) {
        if (policy.isEmpty()) return Optional.empty();
        Instant age = r.ended().orElse(r.started());
        if (policy.get().keeps(newest, age, now)) return Optional.empty();
        long days = Duration.between(age, now).toDays();
        return Optional.of("number " + (newest + 1) + " of " + r.pipelineName() + " from the newest, "
                + (r.ended().isPresent() ? "ended " : "started ") + days + (days == 1 ? " day" : " days") + " ago;"
                + " retention " + policy.get().describe());
    }
}
