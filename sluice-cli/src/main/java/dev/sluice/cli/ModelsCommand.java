package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code sluice models [NAME] [--json]}: the registered models (each one's newest version), or every version of
 * one model, with aliases, model type, every metric (the selection metric first, then by name: see
 * {@link ModelVersionView}) and the step runs that produced them. Not thread-safe (one per invocation).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists registered models, or every version of one model, with aliases, metrics and lineage.")
final class ModelsCommand extends ReadingCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model's name: list all its versions.")
    String name;

    @Option(names = "--json", description = "Print one JSON array on stdout.")
    boolean json;

    @Override
    int execute() {
        java.util.Optional<Source> existing = existingSource();
        if (existing.isEmpty()) {
            if (name != null) return noModel(": " + Inspection.noWorkspace(environment().home()));
            return nothingRecorded(json, ProblemReport.JSON.createArrayNode());
        }
        try (Source src = existing.get()) {
            List<ModelVersion> versions = name == null ? src.models().latest() : src.models().versions(name);
            if (name != null && versions.isEmpty()) return noModel("; list the models with: sluice models");
            List<ModelVersionView> views = versions.stream().map(src::view).toList();
            print(json, () -> {
                ArrayNode arr = ProblemReport.JSON.createArrayNode();
                for (ModelVersionView v : views) arr.add(toJson(src, v));
                return arr;
            }, out -> printText(views, out));
        }
        return 0;
    }

    /** Says on stderr that there is no model {@code name}, then {@code what to do}; exit 2. */
    private int noModel(String whatToDo) {
        err().println("no model named '" + name + "'" + whatToDo);
        err().flush();
        return 2;
    }

    /** One line per version: name@version, aliases, model type, artifact, then every metric (selection metric first). */
    private static void printText(List<ModelVersionView> views, PrintWriter out) {
        if (views.isEmpty()) out.println("no models registered yet; a pipeline registers one with a `uses: register` step");
        for (ModelVersionView view : views) {
            ModelVersion v = view.version();
            out.printf("%-24s %-14s %-14s %-20s %s%n", v.name() + "@" + v.version(),
                    v.aliases().isEmpty() ? "" : String.join(",", v.aliases()), view.modelType(),
                    v.artifactId().substring(0, Math.min(19, v.artifactId().length())), view.metricsText());
        }
        out.flush();
    }

    static ObjectNode toJson(Source src, ModelVersionView view) {
        ModelVersion v = view.version();
        ObjectNode o = ProblemReport.JSON.createObjectNode();
        o.put("name", v.name());
        o.put("version", v.version());
        o.put("artifact", v.artifactId());
        o.put("model_type", view.modelType());
        o.put("selection_metric", view.selection().orElse(null));
        ArrayNode aliases = o.putArray("aliases");
        v.aliases().forEach(aliases::add);
        o.put("created", v.created().toString());
        v.runId().ifPresent(r -> o.put("run_id", r));
        v.runId().flatMap(r -> src.queries().trigger(r)).ifPresent(t -> {
            ObjectNode cause = o.putObject("trigger");      // the run that produced this version was started by ...
            cause.put("kind", t.kind());
            cause.put("artifact", t.artifact().orElse(null));
            cause.put("detail", t.detail());
        });
        v.stepRunId().ifPresent(r -> o.put("step_run", r));
        ObjectNode metrics = o.putObject("metrics");
        view.metrics().forEach(metrics::put);
        ArrayNode lineage = o.putArray("lineage");
        for (Source.UpstreamStep n : src.upstream(v.artifactId())) {
            ObjectNode step = lineage.addObject();
            step.put("step_run", n.stepRunId());
            step.put("step", n.step());
            step.put("depth", n.depth());
            ArrayNode inputs = step.putArray("inputs");
            n.inputs().forEach(i -> inputs.addObject().put("port", i[0]).put("artifact", i[1]));
        }
        return o;
    }
}
