package dev.sluice.meta;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What deleting old runs needs from the metadata database: pins, the runs that lineage needs, the artifacts that stay
 * referenced, and the deletion of a run's rows. The policy (which runs are old) is {@code dev.sluice.retention}'s;
 * this side only answers facts and deletes. Obtain it from {@link MetadataStore#retention()}.
 *
 * <p>Thread-safe; each call is one read snapshot or one write transaction.
 */
public interface RunRetention {

    /** A pinned run: when and by whom ({@code cli:<user>} or a server token's name). */
    record Pin(String runId, Instant at, String by) {
        public Pin {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * A table of another module (the server's {@code server_queue}, {@code server_run_events}) whose rows belong to a
     * run: deleted with it, in the same transaction, when the table exists.
     */
    record DependentTable(String table, String runIdColumn) {
        private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

        public DependentTable {
            if (!NAME.matcher(table).matches() || !NAME.matcher(runIdColumn).matches()) {
                throw new IllegalArgumentException("not a plain table and column name: " + table + "." + runIdColumn);
            }
        }
    }

    /** The text a pipeline version was recorded with ({@code runs.pipeline_id}): its YAML, or a description. */
    Optional<String> definition(String pipelineId);

    /** Pins a run (by its full id); false when it was pinned already. Throws {@link MetadataException} for no such run. */
    boolean pin(String runId, String by, Instant at);

    /** Unpins a run; false when it was not pinned. */
    boolean unpin(String runId);

    /** The pin of a run, if it has one. */
    Optional<Pin> pin(String runId);

    /** The ids of every pinned run. */
    Set<String> pinned();

    /**
     * The runs outside {@code kept} that lineage needs, with why, transitively: every run a registered model version
     * was made in and that produced what it was made from (its artifact's producers and their inputs' producers), and
     * for each kept run, the runs whose step runs it reused from the cache and, for each artifact it consumed or
     * reported, one producing run when no kept run produced it (the newest). What these runs need is added too.
     */
    Map<String, String> neededBy(Set<String> kept);

    /**
     * Every artifact id that something other than the runs in {@code without} refers to: step outputs, lineage edges
     * and triggers of the other runs, and registered model versions. What {@code sluice gc} may collect once those
     * runs are deleted is what the store holds beyond these.
     */
    Set<String> referencedArtifacts(Set<String> without);

    /**
     * Deletes runs with all their rows (step runs, params, metrics, checks, outputs, lineage edges, triggers) and their
     * rows in {@code dependents} tables that exist, in transactions of a few hundred runs. A run is skipped, not
     * deleted, when at that moment it is pinned, queued or running (a live process), a queued or running run resumes
     * it, or a registered model version was made in it. Returns the ids deleted. The artifacts table is left alone:
     * artifacts no run refers to any more are for {@code sluice gc}.
     */
    List<String> delete(Collection<String> runIds, List<DependentTable> dependents);
}
