package dev.sluice.serve;

import dev.sluice.api.ModelVersion;
import dev.sluice.serve.model.ScoringModel;

import java.time.Instant;
import java.util.List;

/**
 * One loaded model version behind a {@link ModelRef}: the registry entry and the compiled {@link ScoringModel}, plus
 * the JSON fragments its responses reuse. Immutable and thread-safe; a swap replaces the whole object.
 */
record ServedModel(ModelRef ref, ModelVersion version, ScoringModel model, Instant loadedAt, String[] labelJson) {
    static ServedModel of(ModelRef ref, ModelVersion version, ScoringModel model) {
        List<String> labels = model.labels();
        String[] json = new String[labels.size()];
        for (int i = 0; i < json.length; i++) json[i] = Json.quote(labels.get(i));
        return new ServedModel(ref, version, model, Instant.now(), json);
    }

    int number() {
        return version.version();
    }
}
