package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ModelVersion;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.Lineage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice models [NAME] [--json]}: the registered models (each one's newest version), or every version of
 * one model, with aliases, metrics and the step runs that produced them. Not thread-safe (one per invocation).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists registered models, or every version of one model, with aliases, metrics and lineage.")
final class ModelsCommand implements Callable<Integer> {
    @ParentCommand
    SluiceCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model's name: list all its versions.")
    String name;

    @Option(names = "--json", description = "Print one JSON array on stdout.")
    boolean json;

    @Override
    public Integer call() {
        parent.prepare();
        PrintWriter out = spec.commandLine().getOut();
        java.util.Optional<Workspace> existing = Workspace.openForReading(parent.environment().home());
        if (existing.isEmpty()) {
            if (name != null) {
                spec.commandLine().getErr().println("no model named '" + name + "': "
                        + Inspection.noWorkspace(parent.environment().home()));
                spec.commandLine().getErr().flush();
                return 2;
            }
            if (json) ProblemReport.printJson(ProblemReport.JSON.createArrayNode(), out);
            else out.println(Inspection.noWorkspace(parent.environment().home()));
            out.flush();
            return 0;
        }
        try (Workspace ws = existing.get()) {
            List<ModelVersion> versions = name == null ? ws.metadata().models().latest() : ws.metadata().models().versions(name);
            if (name != null && versions.isEmpty()) {
                spec.commandLine().getErr().println("no model named '" + name + "'; list the models with: sluice models");
                spec.commandLine().getErr().flush();
                return 2;
            }
            if (json) {
                ArrayNode arr = ProblemReport.JSON.createArrayNode();
                for (ModelVersion v : versions) arr.add(toJson(ws, v));
                ProblemReport.printJson(arr, out);
            } else {
                printText(versions, out);
            }
        }
        return 0;
    }

    private static void printText(List<ModelVersion> versions, PrintWriter out) {
        if (versions.isEmpty()) out.println("no models registered yet; a pipeline registers one with a `uses: register` step");
        for (ModelVersion v : versions) {
            out.printf("%-24s %-14s %-20s %s%n", v.name() + "@" + v.version(),
                    v.aliases().isEmpty() ? "" : String.join(",", v.aliases()),
                    v.artifactId().substring(0, Math.min(19, v.artifactId().length())),
                    v.metrics().entrySet().stream().limit(6).map(e -> e.getKey() + "=" + String.format("%.4g", e.getValue()))
                            .reduce((a, b) -> a + " " + b).orElse(""));
        }
        out.flush();
    }

    static ObjectNode toJson(Workspace ws, ModelVersion v) {
        ObjectNode o = ProblemReport.JSON.createObjectNode();
        o.put("name", v.name());
        o.put("version", v.version());
        o.put("artifact", v.artifactId());
        ArrayNode aliases = o.putArray("aliases");
        v.aliases().forEach(aliases::add);
        o.put("created", v.created().toString());
        v.runId().ifPresent(r -> o.put("run_id", r));
        v.runId().flatMap(r -> ws.metadata().queries().trigger(r)).ifPresent(t -> {
            ObjectNode cause = o.putObject("trigger");      // the run that produced this version was started by ...
            cause.put("kind", t.kind());
            cause.put("artifact", t.artifact().orElse(null));
            cause.put("detail", t.detail());
        });
        v.stepRunId().ifPresent(r -> o.put("step_run", r));
        ObjectNode metrics = o.putObject("metrics");
        v.metrics().forEach(metrics::put);
        ArrayNode lineage = o.putArray("lineage");
        Lineage up = ws.metadata().lineage().upstream(v.artifactId());
        for (Lineage.Node n : up.nodes()) {
            ObjectNode step = lineage.addObject();
            step.put("step_run", n.stepRun().id());
            step.put("step", n.stepRun().step());
            step.put("depth", n.depth());
            ArrayNode inputs = step.putArray("inputs");
            n.inputs().forEach(i -> inputs.addObject().put("port", i.port()).put("artifact", i.artifactId()));
        }
        return o;
    }
}
