package dev.sluice.retention;

import dev.sluice.meta.RunRow;
import dev.sluice.pipeline.Retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a retention sweep would do, worked out without changing anything: the runs it deletes and why, the runs their
 * policy lets go that stay anyway and why, the folders left without a run, and the policy in force for each pipeline.
 * {@link RunSweep#apply} carries it out. Immutable.
 *
 * @param at       when it was planned (ages are measured from here)
 * @param examined how many runs the workspace has
 * @param doomed   the runs to delete, oldest first
 * @param spared   runs their policy lets go that are kept: pinned, queued or running, resumed by a going run, or
 *                 needed by lineage
 * @param orphans  folders under {@code runs/} that no run has, old enough to be leftovers
 * @param policies the policy of each pipeline that has runs, by pipeline name
 */
public record SweepPlan(Instant at, int examined, List<Doomed> doomed, List<Spared> spared, List<Orphan> orphans,
                        List<Policy> policies) {
    public SweepPlan {
        Objects.requireNonNull(at, "at");
        doomed = List.copyOf(doomed);
        spared = List.copyOf(spared);
        orphans = List.copyOf(orphans);
        policies = List.copyOf(policies);
    }

    /** A run to delete: why its policy lets it go, and its folder (empty when it has none). */
    public record Doomed(RunRow run, String why, FolderSize folder) {}

    /** A run its policy lets go that stays, and why. */
    public record Spared(RunRow run, String why) {}

    /** A folder under {@code runs/} with no run. */
    public record Orphan(Path path, FolderSize folder) {}

    /** Where a pipeline's policy comes from. */
    public enum Source {
        /** Its own {@code retention:}. */
        PIPELINE,
        /** The workspace default ({@code --retention} or {@code SLUICE_RETENTION}). */
        DEFAULT,
        /** None: its runs are all kept. */
        NONE
    }

    /** The policy in force for one pipeline, and where it comes from. */
    public record Policy(String pipeline, Optional<Retention> retention, Source source) {}

    /** The ids of the runs to delete. */
    public Set<String> doomedIds() {
        return doomed.stream().map(d -> d.run().id()).collect(Collectors.toUnmodifiableSet());
    }

    /** What the folders of the doomed runs and the orphans hold together. */
    public FolderSize folders() {
        FolderSize total = FolderSize.NONE;
        for (Doomed d : doomed) total = total.plus(d.folder());
        for (Orphan o : orphans) total = total.plus(o.folder());
        return total;
    }

    /** How many run folders (of doomed runs, and orphans) the sweep removes. */
    public int runFolders() {
        return (int) doomed.stream().filter(d -> d.folder().folders() > 0).count() + orphans.size();
    }

    /** True when the sweep would change nothing. */
    public boolean isEmpty() {
        return doomed.isEmpty() && orphans.isEmpty();
    }
}
