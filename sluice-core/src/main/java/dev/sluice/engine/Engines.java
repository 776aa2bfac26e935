package dev.sluice.engine;

import dev.sluice.api.PipelineException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engines of this process: the providers on the class path ({@link ServiceLoader}) and the engines opened from them,
 * one per settings for the life of the process (a Spark session takes seconds to start and is one per JVM anyway).
 * Thread-safe.
 */
public final class Engines {
    public static final String LOCAL = "local";
    public static final String SPARK = "spark";
    /** In {@link StepEngineProvider#components()}: the engine runs command steps that ask for it with their own {@code engine:}. */
    public static final String COMMAND = "run";
    /** The names {@code engine:} and {@code --engine} accept. */
    public static final List<String> NAMES = List.of(LOCAL, SPARK);

    /**
     * The components the {@code spark} engine runs ({@link #COMMAND} stands for command steps). Its provider in sluice-spark
     * answers this set, and it lives here so that {@code sluice validate} checks {@code engine: spark} against it in an
     * installation without Spark on the class path.
     */
    public static final Set<String> SPARK_COMPONENTS = Set.of("csv", "parquet", "sql", "split", "expect", "profile",
            "xgboost", "logistic", "random_forest", "linear", "predict", Engines.COMMAND);

    private static final Map<EngineSettings, StepEngine> OPEN = new ConcurrentHashMap<>();

    private Engines() {}

    /** The provider of that engine on the class path, if any. */
    public static Optional<StepEngineProvider> provider(String name) {
        for (StepEngineProvider p : ServiceLoader.load(StepEngineProvider.class, Engines.class.getClassLoader())) {
            if (p.name().equals(name)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The components that engine runs: its provider's, else what is known of it without its module; empty if unknown. */
    public static Optional<Set<String>> components(String name) {
        Optional<StepEngineProvider> p = provider(name);
        if (p.isPresent()) return Optional.of(p.get().components());
        return name.equals(SPARK) ? Optional.of(SPARK_COMPONENTS) : Optional.empty();
    }

    /**
     * The engine for these settings, opened on first use.
     *
     * @throws PipelineException when no provider of that engine is on the class path (saying what to add)
     */
    public static StepEngine open(EngineSettings settings) {
        return OPEN.computeIfAbsent(settings, s -> provider(s.name()).orElseThrow(() -> new PipelineException(
                "engine '" + s.name() + "' is not available in this installation: its module (sluice-" + s.name()
                        + ") is not on the class path; run with the sluice-" + s.name() + " launcher, or set engine: local"))
                .open(s));
    }
}
