package dev.sluice.exec;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.PipelineException;
import dev.sluice.api.Problem;
import dev.sluice.engine.EngineSettings;
import dev.sluice.engine.Engines;
import dev.sluice.engine.StepEngine;
import dev.sluice.engine.StepEngineProvider;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.StepSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the work of each step of one run goes. A step's own {@code engine:} wins, then {@code --engine} of the command
 * line, then the pipeline's {@code engine:}, else {@code local}. A step whose component the chosen engine does not run
 * stays on the driver, unless the step itself asked for that engine: then the run is refused before it starts
 * ({@link #check}; {@code sluice validate} runs the same check). The master comes from {@code --master}, else the
 * engine's default. Thread-safe (immutable).
 */
public final class EngineChoice {
    private final Pipeline pipeline;
    private final Optional<EngineSettings> commandLine;

    EngineChoice(Pipeline pipeline, Optional<EngineSettings> commandLine) {
        this.pipeline = pipeline;
        this.commandLine = commandLine;
    }

    /** The engine that runs this Java step's work, or empty for this JVM. */
    Optional<StepEngine> forStep(StepNode node, ComponentSpec component) {
        String name = engineName(node);
        if (name.equals(Engines.LOCAL)) return Optional.empty();
        StepEngineProvider provider = Engines.provider(name).orElseThrow(() -> new PipelineException("engine '" + name
                + "' is not available in this installation (its module sluice-" + name + " is not on the class path);"
                + " run with the launcher that includes it, or set engine: local"));
        if (!provider.components().contains(component.name())) return Optional.empty();
        Optional<String> master = commandLine.flatMap(EngineSettings::master);
        StepEngine engine = Engines.open(new EngineSettings(name, master));
        StepGroups g = groups;
        return Optional.of(g != null && provider.runsGroups(component.name()) ? g.member(engine) : engine);
    }

    /** The groups of the run, whose members' work joins their group's ({@link StepGroups}); set once by them. */
    volatile StepGroups groups;

    /** True when this Java step's work goes to an engine whose provider runs groups ({@link StepEngineProvider#runsGroups}). */
    boolean runsGroups(StepNode node, ComponentSpec component) {
        String name = engineName(node);
        if (name.equals(Engines.LOCAL)) return false;
        Optional<StepEngineProvider> provider = Engines.provider(name);
        return provider.isPresent() && provider.get().runsGroups(component.name())
                && provider.get().components().contains(component.name());
    }

    /**
     * The engine that runs this command step's process, or empty for the driver: only a step's own {@code engine:}
     * sends a command away ({@code --engine} and the pipeline's {@code engine:} leave commands on the driver).
     */
    Optional<StepEngine> forCommand(StepNode node) {
        Optional<String> own = ownEngine(node).filter(n -> !n.equals(Engines.LOCAL));
        if (own.isEmpty()) return Optional.empty();
        String name = own.get();
        StepEngineProvider provider = Engines.provider(name).orElseThrow(() -> new PipelineException("engine '" + name
                + "' is not available in this installation (its module sluice-" + name + " is not on the class path);"
                + " run with the launcher that includes it, or set engine: local"));
        if (!provider.components().contains(Engines.COMMAND)) return Optional.empty();
        return Optional.of(Engines.open(new EngineSettings(name, commandLine.flatMap(EngineSettings::master))));
    }

    private String engineName(StepNode node) {
        return ownEngine(node).or(() -> commandLine.map(EngineSettings::name)).or(() -> pipeline.spec().engine())
                .orElse(Engines.LOCAL);
    }

    private Optional<String> ownEngine(StepNode node) {
        StepSpec s = pipeline.spec().steps().get(node.baseName());
        return s == null ? Optional.empty() : s.engine();
    }

    /**
     * Refuses a step that asks for an engine ({@code engine: spark}) which does not run its component or command, with
     * the position of its {@code engine:}; an engine missing from the class path is said when a step needs it. A
     * pipeline's own {@code engine:} (or {@code --engine}) never makes a step unrunnable: a step whose component that
     * engine does not run stays on the driver.
     *
     * @throws DefinitionException listing every such step
     */
    public static void check(Pipeline pipeline) {
        List<Problem> problems = new ArrayList<>();
        for (StepNode node : pipeline.steps()) {
            StepSpec s = pipeline.spec().steps().get(node.baseName());
            if (s == null || s.engine().isEmpty() || s.engine().get().equals(Engines.LOCAL)) continue;
            String engine = s.engine().get();
            Optional<Set<String>> components = Engines.components(engine);
            if (components.isEmpty()) continue;
            String what = switch (node.kind()) {
                case StepKind.JavaStep j -> j.component().spec().name();
                case StepKind.CommandStep c -> Engines.COMMAND;
            };
            if (components.get().contains(what)) continue;
            String path = "steps." + node.baseName() + ".engine";
            if (problems.stream().anyMatch(p -> p.path().equals(path))) continue;
            problems.add(pipeline.spec().problem(path, "engine " + engine + " does not run " + (what.equals(Engines.COMMAND)
                            ? "command steps" : "component '" + what + "'") + " (step '" + node.baseName() + "')",
                    "It runs " + String.join(", ", new TreeSet<>(components.get().stream()
                            .map(c -> c.equals(Engines.COMMAND) ? "command steps" : c).toList()))
                            + "; remove engine: from this step to run it on the driver."));
        }
        if (!problems.isEmpty()) throw new DefinitionException(problems);
    }
}
