package dev.sluice.pipeline;

import java.util.List;

/**
 * The steps a pipeline runs after all its others ({@code finally:} and {@code on_failure:} at the top of the file,
 * {@link PipelineBuilder#finallySteps} and {@link PipelineBuilder#onFailure} in Java), by name, in the order written.
 * They are ordinary steps of {@code steps:}; the lists only say when they run. Immutable.
 *
 * <pre>{@code
 * finally: [release_lock]
 * on_failure: [notify]
 * }</pre>
 *
 * @param always    steps that run once every other step has ended, whatever happened (succeeded, failed, blocked,
 *                  cancelled: then within the run's grace period)
 * @param onFailure steps that run then only when the run failed or was blocked by a gate; skipped otherwise
 */
public record FinalSteps(List<String> always, List<String> onFailure) {
    /** No steps run after the others. */
    public static final FinalSteps NONE = new FinalSteps(List.of(), List.of());

    public FinalSteps {
        always = always == null ? List.of() : List.copyOf(always);
        onFailure = onFailure == null ? List.of() : List.copyOf(onFailure);
    }

    public boolean isEmpty() {
        return always.isEmpty() && onFailure.isEmpty();
    }

    /** When a step of this name runs: with the others, or after them. */
    public Phase phaseOf(String stepName) {
        if (always.contains(stepName)) return Phase.FINALLY;
        if (onFailure.contains(stepName)) return Phase.ON_FAILURE;
        return Phase.MAIN;
    }

    /** When a step runs within its run. */
    public enum Phase {
        /** with the other steps, as the DAG allows */
        MAIN,
        /** after every {@code MAIN} step ended, whatever happened ({@code finally:}) */
        FINALLY,
        /** after every {@code MAIN} step ended, if the run failed ({@code on_failure:}) */
        ON_FAILURE;

        /** The key that lists such steps in a pipeline file: {@code finally} or {@code on_failure} ({@code main} for the others). */
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean isFinal() {
            return this != MAIN;
        }
    }
}
