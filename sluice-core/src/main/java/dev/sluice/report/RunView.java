package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A recorded run as people read it: one {@link StepView} per step (its final attempt, how many attempts it
 * took, and which step of the same run produced each artifact it consumed), in the order the steps
 * started. The wiring comes from the input artifact ids in each step run's cache key parts; a step that never
 * started (blocked, skipped) has none, so it shows without incoming edges. Immutable and thread-safe.
 *
 * <pre>{@code
 * RunView view = RunView.of(queries.run(id).orElseThrow(), queries.stepRuns(id));
 * view.edges();   // [load -> split, split -> train]
 * }</pre>
 */
public record RunView(RunRow run, List<StepView> steps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunView {
        Objects.requireNonNull(run, "run");
        steps = List.copyOf(steps);
    }

    /** One step of the run: its final attempt, the number of attempts, and its inputs. */
    public record StepView(StepRunRow last, int attempts, List<InputRef> inputs) {
        public StepView {
            Objects.requireNonNull(last, "last");
            inputs = List.copyOf(inputs);
        }

        public String name() { return last.step(); }

        /** From start to end, or to {@code end} when the step run has no end time. */
        public Duration duration(Instant end) {
            Duration d = Duration.between(last.started(), last.ended().orElse(end));
            return d.isNegative() ? Duration.ZERO : d;
        }
    }

    /** An artifact a step consumed on a port, and the step of this run that produced it, if any. */
    public record InputRef(String port, String artifactId, Optional<String> producer, Optional<String> producerPort) {
        public InputRef {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(producerPort, "producerPort");
        }
    }

    /** A wire between two steps of the run. */
    public record Edge(String from, String to) {}

    /** The view of a run from all its step runs (every attempt, any order). */
    public static RunView of(RunRow run, List<StepRunRow> stepRuns) {
        Map<String, List<StepRunRow>> byStep = new LinkedHashMap<>();
        stepRuns.stream().sorted(Comparator.comparing(StepRunRow::started).thenComparing(StepRunRow::id))
                .forEach(r -> byStep.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(r));
        Map<String, StepRunRow> last = new LinkedHashMap<>();
        byStep.forEach((step, rows) -> last.put(step, rows.stream()
                .max(Comparator.comparingInt(StepRunRow::attempt).thenComparing(StepRunRow::started)).orElseThrow()));
        Map<String, OutputRow> producers = new HashMap<>();
        Map<String, String> producerStep = new HashMap<>();
        last.values().forEach(r -> r.outputs().forEach(o -> {
            producers.putIfAbsent(o.artifactId(), o);
            producerStep.putIfAbsent(o.artifactId(), r.step());
        }));
        List<StepView> steps = new ArrayList<>();
        last.forEach((step, row) -> {
            List<InputRef> inputs = new ArrayList<>();
            inputIds(row.cacheKeyPartsJson()).forEach((port, ids) -> ids.forEach(id -> inputs.add(new InputRef(port, id,
                    Optional.ofNullable(producerStep.get(id)), Optional.ofNullable(producers.get(id)).map(OutputRow::port)))));
            steps.add(new StepView(row, byStep.get(step).stream().filter(r -> r.attempt() > 0).toList().size(), inputs));
        });
        return new RunView(run, steps);
    }

    /** The {@code inputs} of cache key parts: port to artifact ids, in order; empty when absent or unreadable. */
    public static Map<String, List<String>> inputIds(String cacheKeyPartsJson) {
        Map<String, List<String>> ports = new LinkedHashMap<>();
        try {
            JsonNode inputs = JSON.readTree(cacheKeyPartsJson).path("inputs");
            inputs.fields().forEachRemaining(e -> {
                List<String> ids = new ArrayList<>();
                if (e.getValue().isArray()) e.getValue().forEach(v -> ids.add(v.asText()));
                else ids.add(e.getValue().asText());
                ports.put(e.getKey(), ids);
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ports;
    }

    /** The wires between steps, each once, in step order. */
    public List<Edge> edges() {
        Set<Edge> edges = new LinkedHashSet<>();
        for (StepView s : steps) {
            for (InputRef in : s.inputs()) in.producer().filter(p -> !p.equals(s.name()))
                    .ifPresent(p -> edges.add(new Edge(p, s.name())));
        }
        return List.copyOf(edges);
    }

    /** When the run ended, else the latest step end, else its start (for a run still going or interrupted). */
    public Instant end() {
        if (run.ended().isPresent()) return run.ended().get();
        Instant end = run.started();
        for (StepView s : steps) {
            Instant e = s.last().ended().orElse(s.last().started());
            if (e.isAfter(end)) end = e;
        }
        return end;
    }

    /** The step with this name, if the run has it. */
    public Optional<StepView> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
