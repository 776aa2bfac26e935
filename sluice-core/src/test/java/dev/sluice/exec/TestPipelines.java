package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.PortSpec;
import dev.sluice.api.Step;
import dev.sluice.pipeline.Binding;
import dev.sluice.pipeline.CheckSpec;
import dev.sluice.pipeline.Condition;
import dev.sluice.pipeline.OutputRef;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.RetryPolicy;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.Template;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds validated-looking pipelines directly from records, without the YAML loader or the validator. */
final class TestPipelines {
    private TestPipelines() {
    }

    static Pipeline pipeline(Path baseDir, List<StepNode> steps) {
        return pipeline(baseDir, Map.of(), steps);
    }

    static Pipeline pipeline(Path baseDir, StepNode... steps) {
        return pipeline(baseDir, Map.of(), List.of(steps));
    }

    static Pipeline pipeline(Path baseDir, Map<String, Object> params, List<StepNode> steps) {
        PipelineSpec spec = new PipelineSpec("test", Optional.empty(), baseDir, Map.of(), Map.of(), Map.of(), List.of());
        Map<String, List<String>> instances = new LinkedHashMap<>();
        for (StepNode s : steps) instances.computeIfAbsent(s.baseName(), k -> new ArrayList<>()).add(s.name());
        return new Pipeline("test", spec, params, steps, instances);
    }

    static Node step(String name) {
        return new Node(name);
    }

    /** A component with the given spec whose work is {@code step}. */
    static Component component(ComponentSpec spec, Step step) {
        return Component.of(spec, step);
    }

    /** Fluent StepNode builder; computes dependencies from inputs, after, and step references. */
    static final class Node {
        private final String name;
        private String baseName;
        private StepKind kind = new StepKind.JavaStep(component(ComponentSpec.builder("noop", "1").build(), ctx -> { }));
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final Map<String, Object> matrix = new LinkedHashMap<>();
        private final Map<String, Binding> inputs = new LinkedHashMap<>();
        private final List<String> after = new ArrayList<>();
        private Condition when;
        private RetryPolicy retries = RetryPolicy.NONE;
        private Duration timeout;
        private final List<CheckSpec> checks = new ArrayList<>();
        private int cpu = 1;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, PortKind> commandOutputs = new LinkedHashMap<>();
        private List<Template> argv;

        Node(String name) {
            this.name = name;
            this.baseName = name;
        }

        Node base(String b) { this.baseName = b; return this; }

        /** A Java step with a spec that has no ports or params. */
        Node java(Step step) { return java(ComponentSpec.builder(name, "1").build(), step); }

        Node java(ComponentSpec spec, Step step) { this.kind = new StepKind.JavaStep(component(spec, step)); return this; }

        /** A step of this component object. */
        Node uses(Component c) { this.kind = new StepKind.JavaStep(c); return this; }

        Node command(String... args) { this.argv = List.of(args).stream().map(Template::parse).toList(); return this; }

        Node output(String port, PortKind k) { commandOutputs.put(port, k); return this; }

        /** Wires a required single input to {@code step.output} references. */
        Node input(String port, PortKind k, String... refs) { return input(PortSpec.of(port, k), refs); }

        Node input(PortSpec port, String... refs) {
            List<OutputRef> sources = new ArrayList<>();
            for (String r : refs) {
                int dot = r.lastIndexOf('.');
                sources.add(new OutputRef(r.substring(0, dot), r.substring(dot + 1), port.kind()));
            }
            inputs.put(port.name(), new Binding(port, sources));
            return this;
        }

        /** A parameter; a string holding {@code ${} becomes a {@link Template}. */
        Node with(String key, Object value) {
            params.put(key, value instanceof String s && s.contains("${") ? Template.parse(s) : value);
            return this;
        }

        Node matrix(String key, Object value) { matrix.put(key, value); return this; }
        Node after(String... names) { after.addAll(List.of(names)); return this; }
        Node when(String condition) { this.when = Condition.parse(condition); return this; }
        Node retries(int max, Duration backoff) { this.retries = new RetryPolicy(max, backoff, 2.0); return this; }
        Node timeout(Duration d) { this.timeout = d; return this; }
        Node check(String metric, String expr) { checks.add(CheckSpec.parse(metric, expr)); return this; }
        Node cpu(int n) { this.cpu = n; return this; }
        Node env(String k, String v) { env.put(k, v); return this; }

        StepNode build() {
            StepKind k = argv != null ? new StepKind.CommandStep(argv, commandOutputs) : kind;
            return new StepNode(name, baseName, k, params, matrix, inputs, after, List.copyOf(dependencies()),
                    Optional.ofNullable(when), retries, Optional.ofNullable(timeout), checks, cpu, env, List.of(), true);
        }

        private Set<String> dependencies() {
            Set<String> deps = new LinkedHashSet<>();
            inputs.values().forEach(b -> b.sources().forEach(s -> deps.add(s.step())));
            deps.addAll(after);
            List<Template.Ref> refs = new ArrayList<>();
            params.values().forEach(v -> {
                if (v instanceof Template t) refs.addAll(t.refs());
            });
            if (argv != null) argv.forEach(t -> refs.addAll(t.refs()));
            if (when != null) refs.addAll(when.refs());
            for (Template.Ref r : refs) {
                if (r.namespace().equals("steps")) {
                    List<String> seg = r.segments();
                    deps.add(String.join(".", seg.subList(0, seg.size() - 2)));
                }
            }
            return deps;
        }
    }
}
