package dev.sluice.meta;

import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One fact to record, handed to {@link MetadataWriter#submit}. Records are immutable and applied in
 * the order submitted, so a record may refer to what an earlier one created (a step run to its run,
 * an output to its artifact). Timestamps are stored as epoch milliseconds.
 */
public sealed interface MetaWrite {

    /** A pipeline definition was used; {@code id} is {@code sha256:<hex>} of its text. */
    record PipelineSeen(String id, String name, String definition, Instant at) implements MetaWrite {
        public PipelineSeen {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(at, "at");
        }

        /** A pipeline whose id is the SHA-256 of its definition text (UTF-8). */
        public static PipelineSeen of(String name, String definition, Instant at) {
            return new PipelineSeen(sha256(definition), name, definition, at);
        }
    }

    /**
     * A run began in process {@code pid} on {@code host}; {@code parametersJson} is a JSON object as
     * text; {@code resumedFrom} names the failed run it resumes.
     */
    record RunStarted(String runId, String pipelineId, Instant started, String parametersJson,
                      Optional<String> resumedFrom, String host, long pid) implements MetaWrite {
        public RunStarted {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(parametersJson, "parametersJson");
            Objects.requireNonNull(resumedFrom, "resumedFrom");
            Objects.requireNonNull(host, "host");
        }

        /** A run started by this process on this host. */
        public static RunStarted here(String runId, String pipelineId, Instant started,
                                      String parametersJson, Optional<String> resumedFrom) {
            return new RunStarted(runId, pipelineId, started, parametersJson, resumedFrom,
                    Liveness.localHost(), ProcessHandle.current().pid());
        }
    }

    /** What started a run that no person started (recorded right after its {@link RunStarted}). */
    record RunTriggered(String runId, RunTrigger trigger) implements MetaWrite {
        public RunTriggered {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    /** A step of the run searches its parameters ({@code sweep:}); recorded right after its {@link RunStarted}. */
    record SweepDeclared(SweepRow sweep) implements MetaWrite {
        public SweepDeclared {
            Objects.requireNonNull(sweep, "sweep");
        }
    }

    /**
     * A step of the run runs after all its others: {@code phase} is {@code finally} or {@code on_failure}. Recorded right
     * after its {@link RunStarted}.
     */
    record FinalStepDeclared(String runId, String step, String phase) implements MetaWrite {
        public FinalStepDeclared {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(phase, "phase");
        }
    }

    /**
     * An attempt of a step began (or was found in the cache). {@code params} map names to JSON values
     * as text; {@code cacheKeyPartsJson} is the JSON object the cache key was hashed from.
     */
    record StepStarted(String stepRunId, String runId, String step, String baseStep, int attempt,
                       Instant started, Optional<String> cacheKey, String cacheKeyPartsJson,
                       Optional<String> logLocation, Map<String, String> params) implements MetaWrite {
        public StepStarted {
            Objects.requireNonNull(stepRunId, "stepRunId");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(baseStep, "baseStep");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(cacheKey, "cacheKey");
            Objects.requireNonNull(cacheKeyPartsJson, "cacheKeyPartsJson");
            Objects.requireNonNull(logLocation, "logLocation");
            params = Map.copyOf(params);
        }
    }

    /**
     * A step run reached a final state, with what it reported. For a {@link StepStatus#CACHED} step run,
     * {@code cacheSource} names the step run it reused and {@code outputs} are that run's artifacts;
     * only step runs in other states count as producers in lineage.
     */
    record StepFinished(String stepRunId, StepStatus state, Instant ended, Optional<Integer> exitCode,
                        Optional<String> error, Map<String, Double> metrics, List<CheckResult> checks,
                        List<OutputRow> outputs, Optional<String> cacheSource) implements MetaWrite {
        public StepFinished {
            Objects.requireNonNull(stepRunId, "stepRunId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(ended, "ended");
            Objects.requireNonNull(exitCode, "exitCode");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(cacheSource, "cacheSource");
            metrics = Map.copyOf(metrics);
            checks = List.copyOf(checks);
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * A step run that started and ended at once (a cache hit; a step skipped, blocked or cancelled before it started),
     * with the artifacts it read: its row is written in its final state, not inserted running and then updated.
     * Nothing it refers to may be new in the same step (it stored no artifact).
     */
    record StepRecorded(StepStarted start, List<Consumed> inputs, StepFinished end) implements MetaWrite {
        public StepRecorded {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            inputs = List.copyOf(inputs);
            if (!start.stepRunId().equals(end.stepRunId())) {
                throw new IllegalArgumentException("the start and end of different step runs: " + start.stepRunId()
                        + ", " + end.stepRunId());
            }
        }
    }

    /** An artifact was written to the artifact store (recording it again is harmless). */
    record ArtifactStored(String artifactId, String kind, String mediaType, long size, Instant created)
            implements MetaWrite {
        public ArtifactStored {
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(created, "created");
        }
    }

    /**
     * The bytes of a small file artifact, kept in the database so that the commit that records the artifact
     * also makes its content durable (see {@code ArtifactStore#keptElsewhere}). Submit it after the
     * artifact's {@link ArtifactStored}.
     */
    record ArtifactContent(String artifactId, byte[] content) implements MetaWrite {
        public ArtifactContent {
            Objects.requireNonNull(artifactId, "artifactId");
            content = Objects.requireNonNull(content, "content").clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ArtifactContent c && artifactId.equals(c.artifactId) && java.util.Arrays.equals(content, c.content);
        }

        @Override
        public int hashCode() {
            return artifactId.hashCode() * 31 + java.util.Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "ArtifactContent[" + artifactId + ", " + content.length + " bytes]";
        }
    }

    /**
     * The artifact's blob was deleted from the store ({@code sluice gc}): the bytes kept for it
     * ({@link ArtifactContent}) go too, or the store would write the blob back from them when asked for it.
     */
    record ArtifactContentDropped(String artifactId) implements MetaWrite {
        public ArtifactContentDropped {
            Objects.requireNonNull(artifactId, "artifactId");
        }
    }

    /** A step run read an artifact on an input port ({@code position} orders a list input). */
    record Consumed(String stepRunId, String port, int position, String artifactId) implements MetaWrite {
        public Consumed {
            Objects.requireNonNull(stepRunId, "stepRunId");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(artifactId, "artifactId");
        }

        public Consumed(String stepRunId, String port, String artifactId) {
            this(stepRunId, port, 0, artifactId);
        }
    }

    /** A run ended in a final state. */
    record RunFinished(String runId, RunStatus state, Instant ended) implements MetaWrite {
        public RunFinished {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(ended, "ended");
            if (!state.isFinal()) {
                throw new IllegalArgumentException("a run finishes in a final state, not " + state.label());
            }
        }
    }

    /** The process running a run is alive; sent every few seconds so others can tell it apart from a dead one. */
    record Heartbeat(String runId, Instant at) implements MetaWrite {
        public Heartbeat {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** {@code sha256:<hex>} of a text's UTF-8 bytes. */
    static String sha256(String text) {
        return Sha256Text.of(text);
    }
}
