package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code sluice components [NAME] [--json | --markdown]}: the components a pipeline can use, built-in and found on the
 * class path through {@link dev.sluice.api.ComponentProvider}, or one of them (by short name or class name) in full:
 * ports, parameters with type, default, bounds, allowed values and doc, parameter rules and reported metrics. All of it
 * is read from each component's {@link ComponentSpec}; {@code --markdown} prints the components reference
 * ({@code docs/components.md}). Not thread-safe (one per invocation).
 */
@Command(name = "components", mixinStandardHelpOptions = true,
        description = "Lists the components a pipeline can use in uses:, or describes one: its ports, parameters (type,"
                + " default, bounds, allowed values, doc), parameter rules and the metrics it reports.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:no such component, or bad usage"})
final class ComponentsCommand extends SluiceSubcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "A component's short name (e.g. split) or class name; every component when left out.")
    String name;

    @Option(names = "--json", description = "Print JSON on stdout: the component, or {\"components\": [...]}, each with"
            + " \"name\", \"version\", \"description\", \"inputs\", \"outputs\", \"params\", \"rules\", \"metrics\".")
    boolean json;

    @Option(names = "--markdown", description = "Print the components reference in Markdown (docs/components.md).")
    boolean markdown;

    @Override
    int execute() {
        PrintWriter out = spec.commandLine().getOut();
        ComponentRegistry registry = ComponentRegistry.defaults();
        List<ComponentSpec> specs = name == null ? registry.components().stream().map(Component::spec).toList()
                : List.of(find(registry).spec());
        if (markdown) {
            out.print(ComponentReference.markdown(specs));
        } else if (json) {
            if (name != null) {
                ProblemReport.printJson(ComponentReference.json(specs.getFirst()), out);
            } else {
                ObjectNode root = ProblemReport.JSON.createObjectNode();
                ArrayNode list = root.putArray("components");
                specs.forEach(s -> list.add(ComponentReference.json(s)));
                ProblemReport.printJson(root, out);
            }
        } else {
            List<String> lines = name == null ? ComponentReference.listing(specs) : ComponentReference.details(specs.getFirst());
            lines.forEach(out::println);
            if (name == null) out.println("Details of one: sluice components NAME");
        }
        out.flush();
        return 0;
    }

    private Component find(ComponentRegistry registry) {
        try {
            return registry.resolve(name);
        } catch (IllegalArgumentException e) {
            String hint = Suggestions.didYouMean(name, registry.names())
                    .orElse("Components: " + String.join(", ", registry.names()) + ".");
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + ". " + hint);
        }
    }
}
