package dev.sluice.exec;

import dev.sluice.api.ModelRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a Java step's context offers beyond its inputs and parameters when the run is recorded in a workspace: the
 * artifact ids of its inputs, the model registry, and stored artifacts by id. Immutable.
 *
 * @param inputIds  input port to the artifact ids wired to it, in order
 * @param models    the workspace's model registry (bound to the step run), empty for a run that records nothing
 * @param artifacts the store path of an artifact id, empty when it is not stored
 */
record StepServices(Map<String, List<String>> inputIds, Optional<ModelRegistry> models,
                    Function<String, Optional<Path>> artifacts) {}
