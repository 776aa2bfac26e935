package dev.sluice.serve;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.sluice.api.ModelVersion;
import dev.sluice.ml.model.ModelBody;
import dev.sluice.serve.model.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served models: one slot per {@link ModelRef}, each an {@link AtomicReference} to the loaded version. The
 * request path reads a slot once per request (so a request is answered by exactly one version) and never touches the
 * registry; {@link #refresh()} (called by the poller) resolves each reference in the registry and, when it points at
 * another version, loads and compiles that version off the request path and swaps it in with one atomic write.
 * Requests already holding the old version finish on it; compiled models hold no native memory, so the old one is
 * simply left to the garbage collector. A version that fails to load (missing from the store, its files changed since
 * it was registered, unreadable) is logged once and retried on every poll while the old one keeps serving; at start,
 * it fails the catalog with what to do. Thread-safe.
 */
final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    /** One served reference and the version it currently answers with. */
    record Slot(ModelRef ref, AtomicReference<ServedModel> current) {}

    private final ModelSource source;
    private final ServeMetrics metrics;
    private final Map<String, Slot> byKey = new LinkedHashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

    /** Resolves and loads every reference now; fails with what to do when one cannot be served. */
    ModelCatalog(ModelSource source, ServeMetrics metrics, List<ModelRef> refs) {
        this.source = source;
        this.metrics = metrics;
        if (refs.isEmpty()) throw new IllegalArgumentException("no model to serve; name one, e.g. sluice serve churn@champion");
        for (ModelRef ref : refs) {
            if (byKey.containsKey(ref.toString())) continue;
            ModelVersion v = source.resolve(ref.toString()).orElseThrow(() -> new IllegalArgumentException(
                    "no model " + ref + " in the registry; list models and aliases with `sluice models`, point an alias with"
                            + " `sluice promote " + ref.name() + " VERSION --alias " + ref.alias() + "`"));
            Slot slot = new Slot(ref, new AtomicReference<>(loadAtStart(ref, v)));
            slots.add(slot);
            byKey.put(ref.toString(), slot);
            byKey.putIfAbsent(ref.name(), slot);
            metrics.of(ref.name());
            LOG.info("serving {} version {} ({})", ref, v.version(), v.artifactId());
        }
    }

    private ServedModel loadAtStart(ModelRef ref, ModelVersion v) {
        try {
            return load(ref, v);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot serve " + ref + ": " + e.getMessage(), e);
        }
    }

    /** The slot for {@code name} (the first reference of that name) or {@code name@alias}. */
    Optional<Slot> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    List<Slot> slots() {
        return List.copyOf(slots);
    }

    /** The version each reference answers with now. */
    Map<ModelRef, Integer> versions() {
        Map<ModelRef, Integer> out = new LinkedHashMap<>();
        for (Slot s : slots) out.put(s.ref(), s.current().get().number());
        return out;
    }

    /** Checks every reference in the registry and swaps in moved ones; returns how many were swapped. */
    int refresh() {
        int swapped = 0;
        for (Slot s : slots) if (refresh(s)) swapped++;
        return swapped;
    }

    /** Checks one reference; true when a new version was swapped in. Never throws. */
    boolean refresh(Slot slot) {
        ModelRef ref = slot.ref();
        try {
            Optional<ModelVersion> resolved = source.resolve(ref.toString());
            if (resolved.isEmpty()) {
                if (reportedFailures.add(ref + "#gone")) {
                    LOG.warn("{} no longer resolves in the registry; still serving version {}. Point the alias again with"
                            + " `sluice promote {} VERSION --alias {}`", ref, slot.current().get().number(), ref.name(), ref.alias());
                }
                return false;
            }
            reportedFailures.remove(ref + "#gone");
            ModelVersion next = resolved.get();
            ServedModel now = slot.current().get();
            if (next.version() == now.number() && next.artifactId().equals(now.version().artifactId())) return false;
            ServedModel loaded = load(ref, next);
            slot.current().set(loaded);
            metrics.swapped(ref.name());
            LOG.info("{} moved: now serving version {} (was {})", ref, next.version(), now.number());
            return true;
        } catch (RuntimeException e) {
            metrics.loadFailed(ref.name());
            if (reportedFailures.add(ref + "#" + e.getMessage())) {
                LOG.warn("{} moved, but the new version cannot be served: {}; still serving version {}, retrying on the next"
                        + " poll", ref, e.getMessage(), slot.current().get().number());
            }
            return false;
        }
    }

    /** Why a model folder that is not Sluice's own JSON is never loaded, and what to do. */
    static final String OWN_FORMATS_ONLY = "Sluice loads only its own JSON model formats, never pickled or serialized"
            + " objects: register the 'model' output of a Sluice trainer";

    /** The {@code type}s of {@code model.json}'s {@code model} object that Sluice reads. */
    private static List<String> modelTypes() {
        return Arrays.stream(ModelBody.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name)
                .sorted().toList();
    }

    private ServedModel load(ModelRef ref, ModelVersion v) {
        Path dir = source.folder(ref, v);
        try {
            return ServedModel.of(ref, v, ScoringModel.load(dir));
        } catch (InvalidTypeIdException e) {
            throw new IllegalStateException("cannot read model " + v + " from " + dir + ": its model.json names the model"
                    + " type '" + e.getTypeId() + "', which Sluice does not read (it reads "
                    + String.join(", ", modelTypes()) + "); " + OWN_FORMATS_ONLY, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read model " + v + " from " + dir + ": its model.json is not a Sluice"
                    + " model (" + e.getOriginalMessage().lines().findFirst().orElse("") + "); " + OWN_FORMATS_ONLY, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model " + v + " from " + dir + ": " + e.getMessage(), e);
        }
    }
}
