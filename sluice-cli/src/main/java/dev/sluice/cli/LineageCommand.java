package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.StepRunRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sluice lineage ARTIFACT_ID [--json]}: what produced an artifact (upstream, as an indented tree down to
 * the first inputs) and what used it (downstream). Takes artifact ids or their prefixes only. Not thread-safe
 * (one per invocation).
 */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = "Shows where an artifact came from (the step runs, parameters and input artifacts that produced it,"
                + " transitively) and what used it. Give an artifact id or a unique prefix (see: sluice artifacts,"
                + " sluice show RUN_ID).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown", "2:no such artifact, an ambiguous id, or bad usage"})
final class LineageCommand extends SluiceSubcommand {
    @Parameters(index = "0", paramLabel = "ARTIFACT_ID", description = "An artifact id (sha256:...) or a unique prefix of its hex digits.")
    String id;

    @Option(names = "--json", description = "Print {\"artifact\", \"upstream\": [...], \"downstream\": [...]} on stdout;"
            + " each entry is a step run with its depth, params, inputs and outputs.")
    boolean json;

    @Override
    int execute() {
        try { // a malformed id is refused before any workspace is looked for
            dev.sluice.meta.IdPrefix.artifact(id);
        } catch (dev.sluice.meta.BadIdException e) {
            throw usage(e.getMessage());
        }
        try (Workspace ws = existingWorkspace()) {
            ArtifactRow artifact = artifact(ws, id);
            Lineage up = ws.metadata().lineage().upstream(artifact.id());
            Lineage down = ws.metadata().lineage().downstream(artifact.id());
            print(json, () -> json(artifact, up, down), out -> printText(artifact, up, down, out));
        }
        return 0;
    }

    private static void printText(ArtifactRow a, Lineage up, Lineage down, PrintWriter out) {
        out.println("artifact " + a.id() + " (" + a.kind() + ", " + a.mediaType() + ", " + Inspection.size(a.size()) + ")");
        out.println();
        out.println("upstream (what produced it):");
        if (up.nodes().isEmpty()) out.println("  nothing recorded: it was not produced by a step (an input file?)");
        else upstream(a.id(), up.nodes(), "  ", new HashSet<>(), out);
        out.println();
        out.println("downstream (what used it):");
        if (down.nodes().isEmpty()) out.println("  nothing has used it yet");
        else downstream(a.id(), down.nodes(), "  ", new HashSet<>(), out);
        out.flush();
    }

    /** Each step run that produced {@code artifact}, its parameters, then each of its inputs and, indented, their producers. */
    private static void upstream(String artifact, List<Lineage.Node> nodes, String indent, Set<String> shown, PrintWriter out) {
        for (Lineage.Node n : nodes) {
            StepRunRow r = n.stepRun();
            if (r.state() == StepStatus.CACHED || r.outputs().stream().noneMatch(o -> o.artifactId().equals(artifact))) continue;
            out.println(indent + "<- " + r.step() + " in run " + r.runId() + " (" + r.id() + ", " + r.state().label() + ")");
            if (!shown.add(r.id())) {
                out.println(indent + "   (shown above)");
                continue;
            }
            if (!r.params().isEmpty()) out.println(indent + "   params: " + Inspection.paramsText(r));
            for (OutputRow in : n.inputs()) {
                out.println(indent + "   input " + in.port() + ": " + in.artifactId());
                upstream(in.artifactId(), nodes, indent + "     ", shown, out);
            }
        }
    }

    /** Each step run that consumed {@code artifact}, then each of its outputs and, indented, their consumers. */
    private static void downstream(String artifact, List<Lineage.Node> nodes, String indent, Set<String> shown, PrintWriter out) {
        for (Lineage.Node n : nodes) {
            StepRunRow r = n.stepRun();
            if (n.inputs().stream().noneMatch(i -> i.artifactId().equals(artifact))) continue;
            out.println(indent + "-> " + r.step() + " in run " + r.runId() + " (" + r.id() + ", " + r.state().label() + ")");
            if (!shown.add(r.id()) || r.state() == StepStatus.CACHED) continue;
            for (OutputRow o : r.outputs()) {
                out.println(indent + "   output " + o.port() + ": " + o.artifactId());
                downstream(o.artifactId(), nodes, indent + "     ", shown, out);
            }
        }
    }

    private static ObjectNode json(ArtifactRow a, Lineage up, Lineage down) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        root.set("artifact", ArtifactsCommand.artifactJson(a));
        root.set("upstream", nodes(up));
        root.set("downstream", nodes(down));
        return root;
    }

    private static ArrayNode nodes(Lineage lineage) {
        ArrayNode list = ProblemReport.JSON.createArrayNode();
        for (Lineage.Node n : lineage.nodes()) {
            StepRunRow r = n.stepRun();
            ObjectNode node = list.addObject().put("depth", n.depth()).put("step_run_id", r.id()).put("run_id", r.runId())
                    .put("step", r.step()).put("status", r.state().label());
            node.set("params", Inspection.params(r));
            ArrayNode inputs = node.putArray("inputs");
            n.inputs().forEach(i -> inputs.addObject().put("port", i.port()).put("position", i.position()).put("artifact", i.artifactId()));
            ArrayNode outputs = node.putArray("outputs");
            r.outputs().forEach(o -> outputs.addObject().put("port", o.port()).put("position", o.position()).put("artifact", o.artifactId()));
        }
        return list;
    }
}
