package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.PortKind;
import dev.sluice.pipeline.internal.Copies;

import java.util.List;
import java.util.Map;

/** How a step does its work: in-process Java, or a child process. */
public sealed interface StepKind permits StepKind.JavaStep, StepKind.CommandStep {

    /** An in-process {@link Component}. */
    record JavaStep(Component component) implements StepKind {}

    /**
     * A command run as a child process, never through a shell.
     *
     * @param argv    the argument list; references such as {@code ${inputs.train}} are resolved at run time
     * @param outputs declared outputs, collected from {@code outputs/<name>/} in the working folder
     */
    record CommandStep(List<Template> argv, Map<String, PortKind> outputs) implements StepKind {
        public CommandStep {
            argv = List.copyOf(argv);
            outputs = Copies.ordered(outputs);
        }
    }
}
