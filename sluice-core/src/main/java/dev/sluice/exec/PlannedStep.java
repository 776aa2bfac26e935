package dev.sluice.exec;

import dev.sluice.pipeline.FinalSteps;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run would do with one step instance, as {@link Planner} predicts it without running anything: run it, take
 * it from the cache, or skip it, and why. Immutable.
 *
 * @param values       the instance's matrix values or sweep trial's drawn values (empty for a plain step)
 * @param reason       why, as a kind ({@link Reason}) and {@link #why} as a sentence in {@code sluice why}'s words
 * @param upstream     for {@link Reason#UPSTREAM_RUNS}: the steps that will run first, so this one's inputs are unknown
 * @param source       for a step from the cache: the step run whose outputs would be reused
 * @param outputs      for a step from the cache: output port to the artifact id it would give
 * @param comparedWith for {@link Reason#CHANGED}: the earlier step run the cache key is compared with
 * @param keyParts     the cache key's parts as JSON when they are known now, else empty
 * @param earlierParts the compared step run's key parts as JSON, for listing what changed
 * @param checks       the step's {@code checks:} ({@code auc >= 0.8}); they are evaluated again when it runs
 * @param phase        when it runs: with the others, or after all of them ({@code finally:}, {@code on_failure:})
 * @param instances    for a {@code foreach:} step, the instances known now: those the list its source would give from
 *                     the cache makes; empty when the list is known only at run time
 */
public record PlannedStep(String name, String baseName, Decision decision, Reason reason, String why,
                          Map<String, Object> values, List<String> upstream, Optional<String> source,
                          Map<String, String> outputs,
                          Optional<String> comparedWith, Optional<String> cacheKey, Optional<String> keyParts,
                          Optional<String> earlierParts, List<String> checks, FinalSteps.Phase phase,
                          List<String> instances) {
    public PlannedStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        values = Map.copyOf(values);
        upstream = List.copyOf(upstream);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        checks = List.copyOf(checks);
        Objects.requireNonNull(phase, "phase");
        instances = List.copyOf(instances);
    }

    /** What the run would do with the step. */
    public enum Decision {
        RUN, CACHED, SKIPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why. */
    public enum Reason {
        /** no workspace yet, so nothing to reuse */
        NO_WORKSPACE,
        /** no earlier run of this step in a pipeline of this name */
        NEVER_RAN,
        /** an earlier run had another cache key: a parameter, input, code, file or env changed */
        CHANGED,
        /** the step ran with this key before but never succeeded */
        FAILED_BEFORE,
        /** a step it reads will run first, so its inputs (or metrics it reads) are not known yet */
        UPSTREAM_RUNS,
        /** {@code --no-cache}, {@code cache: false}, or a component that is never cached */
        CACHE_OFF,
        /** a step run with the same key succeeded, but its outputs are gone from the store */
        OUTPUTS_GONE,
        /** a step run with the same key succeeded and its outputs are stored */
        HIT,
        /** the run being resumed finished it with the same key */
        RESUMED,
        /** its {@code when:} is false */
        WHEN_FALSE,
        /** a required input's producers are all skipped */
        UPSTREAM_SKIPPED,
        /** a step of {@code on_failure:}: it runs only if the run fails, which a plan does not predict */
        ONLY_ON_FAILURE,
        /** a {@code foreach:} step: its instances are known when the step it reads ends */
        FOREACH,
        /** a step of {@code finally:} that reads {@code ${run...}}: its parameters are known once the others ended */
        READS_RUN,
        /** a trial of a {@code tpe} sweep past its startup trials: its values are proposed when the run gets there */
        PROPOSED,
        /** a trial its sweep's {@code early_stop:} skips, as the trials it learns from (from the cache) say */
        SWEEP_STOPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
