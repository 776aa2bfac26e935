package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.Lineage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code sluice artifacts [--limit N] [--json]}: the recorded artifacts, newest first. Not thread-safe (one per invocation). */
@Command(name = "artifacts", mixinStandardHelpOptions = true,
        description = "Lists the recorded artifacts, newest first: id, kind, media type, size, creation time and the"
                + " step run that produced it.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:bad usage"})
final class ArtifactsCommand extends SluiceSubcommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N artifacts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print {\"artifacts\": [{\"id\", \"kind\", \"media_type\", \"size\", \"created\","
            + " \"produced_by\": [step run ids]}]} on stdout.")
    boolean json;

    /** An artifact and the step runs that produced it (several when identical content came out of several). */
    record Produced(ArtifactRow artifact, List<String> producers) {}

    @Override
    int execute() {
        requirePositive("--limit", limit);
        java.util.Optional<Workspace> existing = Workspace.openForReading(environment().home());
        if (existing.isEmpty()) return nothingRecorded(json, json(List.of()));
        try (Workspace ws = existing.get()) {
            List<Produced> rows = new ArrayList<>();
            for (ArtifactRow a : ws.metadata().queries().artifacts(limit)) rows.add(new Produced(a, producers(ws, a.id())));
            print(json, () -> json(rows), out -> printText(rows, out, ws));
        }
        return 0;
    }

    /** The step runs that produced an artifact (not the cached ones that reused it). */
    static List<String> producers(Workspace ws, String artifactId) {
        Lineage up = ws.metadata().lineage().upstream(artifactId);
        return up.nodes().stream().filter(n -> n.depth() == 1 && n.stepRun().state() != StepStatus.CACHED)
                .map(n -> n.stepRun().id()).toList();
    }

    private static void printText(List<Produced> rows, PrintWriter out, Workspace ws) {
        Inspection.listing(out, "no artifacts in " + ws.home() + " yet; steps' outputs are recorded when you run a pipeline",
                new String[] {"ID", "KIND", "MEDIA TYPE", "SIZE", "CREATED", "PRODUCED BY"}, rows, p -> {
                    ArtifactRow a = p.artifact();
                    return new String[] {Inspection.shortId(a.id()), a.kind(), a.mediaType(), Inspection.size(a.size()),
                            Inspection.time(a.created()), p.producers().isEmpty() ? "-" : String.join(", ", p.producers())};
                });
        out.flush();
    }

    private static ObjectNode json(List<Produced> rows) {
        ObjectNode root = ProblemReport.JSON.createObjectNode();
        ArrayNode list = root.putArray("artifacts");
        for (Produced p : rows) {
            ObjectNode node = artifactJson(p.artifact());
            ArrayNode by = node.putArray("produced_by");
            p.producers().forEach(by::add);
            list.add(node);
        }
        return root;
    }

    static ObjectNode artifactJson(ArtifactRow a) {
        return ProblemReport.JSON.createObjectNode().put("id", a.id()).put("kind", a.kind()).put("media_type", a.mediaType())
                .put("size", a.size()).put("created", a.created().toString());
    }
}
