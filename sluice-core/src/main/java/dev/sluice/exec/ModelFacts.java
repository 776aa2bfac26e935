package dev.sluice.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ModelVersion;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.StepRunRow;
import dev.sluice.store.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/**
 * What {@code sluice models} and the server's model answers show of a registered version beyond the registry row:
 * its model type ({@code xgboost}, {@code logistic}..., read from the stored folder's {@code model.json}) and its
 * selection metric: the {@code metric} parameter of the {@code evaluate} step that produced it, else {@code auc} for
 * a classifier and {@code rmse} for a regression, when the version has that metric. Immutable.
 *
 * @param modelType the model's type, or {@code -} when its folder is gone from the store or is not a model
 * @param selection the selection metric, when the version has it
 */
public record ModelFacts(String modelType, Optional<String> selection) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the facts of {@code v} from the workspace's store and lineage. */
    public static ModelFacts of(Workspace ws, ModelVersion v) {
        Optional<JsonNode> info = info(ws, v);
        Optional<String> selection = producerMetric(ws, v)
                .or(() -> info.map(i -> "classification".equals(i.path("task").asText()) ? "auc" : "rmse"))
                .filter(v.metrics()::containsKey);
        return new ModelFacts(info.map(i -> i.path("model_type").asText("-")).orElse("-"), selection);
    }

    private static Optional<JsonNode> info(Workspace ws, ModelVersion v) {
        try {
            Optional<Path> folder = ws.store().path(Digest.parse(v.artifactId()));
            if (folder.isEmpty() || !Files.isRegularFile(folder.get().resolve("model.json"))) return Optional.empty();
            return Optional.of(JSON.readTree(folder.get().resolve("model.json").toFile()));
        } catch (IOException | RuntimeException e) {   // gone, or not a Sluice model (a command step's folder)
            return Optional.empty();
        }
    }

    /** The {@code metric} parameter of the newest step run (not a cache hit) that produced the version's artifact. */
    private static Optional<String> producerMetric(Workspace ws, ModelVersion v) {
        Lineage up = ws.metadata().lineage().upstream(v.artifactId());
        return up.nodes().stream().filter(n -> n.depth() == 1).map(Lineage.Node::stepRun)
                .filter(s -> s.state() == StepStatus.SUCCEEDED && s.params().containsKey("metric"))
                .max(Comparator.comparing(StepRunRow::started))
                .flatMap(s -> text(s.params().get("metric")));
    }

    private static Optional<String> text(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
