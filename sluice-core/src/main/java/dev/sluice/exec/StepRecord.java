package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recorded run keeps of one attempt of a step, as one immutable object that the step's events carry and that
 * the metadata writer commits ({@link RunRecorder}): how it started, and once it ended, how it ended, what it read and
 * the artifacts its outputs became. A step that ended without running (skipped, blocked, cancelled before it
 * started) has attempt 0. Immutable.
 *
 * @param start     the step run's row as it began: id, attempt, time, cache key and its parts, parameters, log
 * @param end       its final state and results; empty while it runs
 * @param inputs    the artifacts it read, one lineage edge each (recorded with its end)
 * @param artifacts the artifacts its outputs were stored as, recorded before its end
 * @param contents  the bytes of its small file outputs, kept in the database in the commit that records them
 */
public record StepRecord(MetaWrite.StepStarted start, Optional<MetaWrite.StepFinished> end, List<MetaWrite.Consumed> inputs,
                         List<MetaWrite.ArtifactStored> artifacts, List<MetaWrite.ArtifactContent> contents) {
    public StepRecord {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        inputs = List.copyOf(inputs);
        artifacts = List.copyOf(artifacts);
        contents = List.copyOf(contents);
    }

    /** A step run that has begun and not ended. */
    public static StepRecord started(MetaWrite.StepStarted start) {
        return new StepRecord(start, Optional.empty(), List.of(), List.of(), List.of());
    }

    /** {@code <run>/<step>#<attempt>}. */
    public String stepRunId() {
        return start.stepRunId();
    }

    /** Its final state, or {@link StepStatus#RUNNING} while it runs. */
    public StepStatus status() {
        return end.map(MetaWrite.StepFinished::state).orElse(StepStatus.RUNNING);
    }
}
