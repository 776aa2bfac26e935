package dev.sluice.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * Which engine a run hands its capable steps to, and where that engine runs ({@code --engine spark --master local[2]}).
 * An empty master means the engine's default. Immutable.
 *
 * @param name   an engine of {@link Engines#NAMES}
 * @param master where it runs: {@code local[N]} or {@code spark://host:port} for Spark
 */
public record EngineSettings(String name, Optional<String> master) {
    public EngineSettings {
        Objects.requireNonNull(name, "name");
        master = master == null ? Optional.empty() : master;
    }

    /** The local engine: every step runs in this JVM. */
    public static final EngineSettings LOCAL = new EngineSettings(Engines.LOCAL, Optional.empty());

    public boolean isLocal() {
        return name.equals(Engines.LOCAL);
    }
}
