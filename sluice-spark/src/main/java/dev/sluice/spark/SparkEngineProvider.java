package dev.sluice.spark;

import dev.sluice.engine.EngineSettings;
import dev.sluice.engine.Engines;
import dev.sluice.engine.StepEngine;
import dev.sluice.engine.StepEngineProvider;

import java.util.Set;

/**
 * The {@code spark} engine, registered in {@code META-INF/services/dev.sluice.engine.StepEngineProvider}. Constructing it
 * touches no Spark class; {@link #open} starts (or joins) the Spark session. Thread-safe.
 */
public final class SparkEngineProvider implements StepEngineProvider {
    /** The components whose steps run on Spark: tables as Spark jobs; trainers, {@code csv}, {@code expect} and {@code profile} each as one Spark task ({@link TaskStep}); {@code predict} in mapPartitions ({@link SparkPredict}). */
    public static final Set<String> COMPONENTS = Engines.SPARK_COMPONENTS;

    @Override
    public String name() {
        return Engines.SPARK;
    }

    @Override
    public Set<String> components() {
        return COMPONENTS;
    }

    /**
     * The components {@link TaskStep} runs in one task: the ready instances of a {@code matrix:} of one of them run as one
     * Spark job, one task per instance. {@code SLUICE_SPARK_GROUPS=off} hands each instance over as a one-task job of its
     * own instead (to compare).
     */
    @Override
    public boolean runsGroups(String component) {
        return TaskStep.COMPONENTS.contains(component) && !"off".equalsIgnoreCase(System.getenv("SLUICE_SPARK_GROUPS"));
    }

    @Override
    public StepEngine open(EngineSettings settings) {
        return SparkEngine.start(settings.master().orElse(SparkEngine.DEFAULT_MASTER));
    }
}
