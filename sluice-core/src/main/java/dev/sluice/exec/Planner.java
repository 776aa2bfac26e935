package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetadataQueries;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.Binding;
import dev.sluice.pipeline.FinalSteps;
import dev.sluice.pipeline.Foreach;
import dev.sluice.pipeline.OutputRef;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.Template;
import dev.sluice.store.Digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Predicts what a run would do, step by step, without running anything or writing anything ({@code sluice plan},
 * {@code sluice run --dry-run}): each step instance would run, come from the cache, or be skipped, and why, in
 * {@code sluice why}'s terms. Steps are walked in the run's order; a step whose upstream comes from the cache gets
 * the cache key the run would compute (the same parameters, input artifact ids and file digests) and the same lookup;
 * a step that reads a step that will run cannot know its inputs yet and is predicted to run. The workspace is only
 * read ({@link Workspace#openForReading}); without one every step would run. Not thread-safe; one plan at a time.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.openForReading(home).orElse(null)) {
 *     List<PlannedStep> plan = new Planner(Optional.ofNullable(ws)).plan(pipeline, RunOptions.defaults(home));
 * }
 * }</pre>
 */
public final class Planner {
    private final Optional<Workspace> workspace;

    public Planner(Optional<Workspace> workspace) {
        this.workspace = workspace;
    }

    /**
     * The plan of a run of {@code pipeline} with {@code options} ({@code noCache} and {@code resumeFrom} count), in
     * the order the run would consider the steps.
     *
     * @throws dev.sluice.api.DefinitionException when the pipeline cannot run on its own (it declares inputs)
     */
    public List<PlannedStep> plan(Pipeline pipeline, RunOptions options) {
        pipeline.requireRunnable();
        return new Walk(pipeline, options).all();
    }

    /**
     * The pipeline parameters as a run records them ({@code sluice show}'s {@code parameters}), to compare a plan with
     * an earlier run.
     */
    public static String parametersJson(Pipeline pipeline) {
        try {
            return CanonicalJson.write(pipeline.params());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}";
        }
    }

    /** One plan: the predicted state of every step so far. */
    private final class Walk {
        private final Pipeline pipeline;
        private final RunOptions options;
        private final RunPlan plan;
        private final StepProgress[] states;
        private final CacheKeys keys;
        private final Instant now = Instant.now();
        /** The instances of the foreach step being planned, known now. */
        private List<String> foreachInstances = List.of();
        /** Proposes a tpe trial, or stops a sweep early, as the run would from the trials predicted cached. */
        private final SweepSearch search;

        Walk(Pipeline pipeline, RunOptions options) {
            this.pipeline = pipeline;
            this.options = options;
            this.plan = new RunPlan(pipeline, 1);
            this.states = new StepProgress[plan.staticSize];
            for (int i = 0; i < states.length; i++) states[i] = new StepProgress();
            this.keys = workspace.map(ws -> new CacheKeys(ws.digests(), pipeline)).orElse(null);
            this.search = new SweepSearch(plan, states);
        }

        List<PlannedStep> all() {
            List<PlannedStep> out = new ArrayList<>(plan.staticSize);
            for (int i = 0; i < plan.staticSize; i++) out.add(step(i));
            return out;
        }

        private PlannedStep step(int i) {
            StepNode node = plan.nodes[i];
            Optional<String> skipped = skippedInput(node);
            if (skipped.isPresent()) return skip(i, PlannedStep.Reason.UPSTREAM_SKIPPED, skipped.get());
            if (plan.phases[i] == FinalSteps.Phase.ON_FAILURE) {
                return skip(i, PlannedStep.Reason.ONLY_ON_FAILURE, "an on_failure: step: it runs after the others only if"
                        + " the run fails");
            }
            if (plan.isFinal(i) && RunSoFar.read(node)) {
                return run(i, PlannedStep.Reason.READS_RUN, "a finally: step that reads ${run...}: it runs after the"
                        + " others, with what it reads known only then", List.of(), null, null);
            }
            if (plan.isForeach(i)) {
                Foreach f = plan.foreach[i];
                foreachInstances = knownInstances(f);
                String known = foreachInstances.isEmpty() ? "known when the run gets there"
                        : "now " + String.join(", ", foreachInstances) + " from the list '" + f.spec().step()
                                + "' would give from the cache";
                return run(i, PlannedStep.Reason.FOREACH, "foreach: one instance per element of '" + f.spec().from()
                        + "', " + known + " (each comes from the cache when its element and inputs are the same as"
                        + " before)", List.of(), null, null);
            }
            dev.sluice.pipeline.SweepTrials sweep = plan.pipeline.sweeps().get(node.baseName());
            if (sweep != null && sweep.sweep().learns()) {
                boolean unknown = node.after().stream().anyMatch(n -> states[plan.indexOf(n)].status == StepStatus.RUNNING);
                if (unknown || workspace.isEmpty()) {
                    if (sweep.proposedAtRunTime(node.name())) {
                        return run(i, PlannedStep.Reason.PROPOSED, "a trial of a tpe sweep: its values are proposed from"
                                + " the earlier trials' results when the run gets there (it comes from the cache if they"
                                + " come out the same as before)", List.of(), null, null);
                    }
                } else { // the trials it learns from would come from the cache: it is what the run would make of them
                    Optional<String> stop = search.prepare(i);
                    if (stop.isPresent()) return skip(i, PlannedStep.Reason.SWEEP_STOPPED, stop.get());
                    node = plan.nodes[i];
                }
            }
            Map<String, Object> params = new LinkedHashMap<>(node.params());
            RefResolver resolver = new RefResolver(plan, states, i, params);
            if (node.when().isPresent() && !holds(node, resolver)) {
                return skip(i, PlannedStep.Reason.WHEN_FALSE, "when: " + node.when().get().source() + " is false");
            }
            if (workspace.isEmpty()) {
                return run(i, PlannedStep.Reason.NO_WORKSPACE, "no workspace yet, so there is nothing to reuse", List.of(),
                        null, null);
            }
            if (options.noCache() && options.resumeFrom().isEmpty() || !node.cache()) {
                return run(i, PlannedStep.Reason.CACHE_OFF, !node.cache() ? "the step is never taken from the cache"
                        + " (cache: false, or a component whose result depends on state outside its inputs)"
                        : "the cache is off (--no-cache)", List.of(), null, null);
            }
            Set<String> running = runningUpstream(node);
            if (!running.isEmpty()) {
                String names = String.join(", ", running.stream().map(n -> "'" + n + "'").toList());
                return run(i, PlannedStep.Reason.UPSTREAM_RUNS, (running.size() == 1 ? "upstream step " + names + " runs"
                        : "upstream steps " + names + " run") + " first, so its inputs are not known yet (it comes from the"
                        + " cache if they come out the same)", List.copyOf(running), null, null);
            }
            CacheKey key;
            try {
                key = keys.compute(node, SweepSearch.withRule(plan.pipeline, node, StepParams.forKey(params, resolver)), inputIds(i));
            } catch (RuntimeException e) {
                return run(i, PlannedStep.Reason.CHANGED, "its cache key cannot be computed now: " + StepErrors.oneLine(e),
                        List.of(), null, null);
            }
            return cached(i, key);
        }

        /**
         * The instances a foreach step would get from the list its source would give from the cache, read from the
         * bytes the metadata keeps of that small value (nothing is written); empty when it is not known now.
         */
        private List<String> knownInstances(Foreach f) {
            if (workspace.isEmpty()) return List.of();
            StepProgress source = states[plan.indexOf(f.spec().step())];
            String id = source.status == StepStatus.CACHED ? source.outputIds.get(f.spec().output()) : null;
            if (id == null) return List.of();
            try {
                Optional<byte[]> bytes = workspace.get().metadata().queries().artifactContent(id);
                if (bytes.isEmpty()) return List.of();
                Object value = CommandFiles.JSON.readValue(bytes.get(), Object.class);
                return f.elements(value).stream().map(f::instanceName).toList();
            } catch (java.io.IOException | RuntimeException e) {
                return List.of(); // the run will say what is wrong with the list
            }
        }

        /** The decision for a step whose cache key is known. */
        private PlannedStep cached(int i, CacheKey key) {
            StepNode node = plan.nodes[i];
            MetadataQueries queries = workspace.orElseThrow().metadata().queries();
            Optional<StepRunRow> resumed = options.resumeFrom().flatMap(run -> queries.stepRun(run, node.name()))
                    .filter(r -> (r.state() == dev.sluice.api.StepStatus.SUCCEEDED || r.state() == dev.sluice.api.StepStatus.CACHED)
                            && r.cacheKey().filter(key.key()::equals).isPresent());
            if (resumed.isPresent() && stored(resumed.get())) {
                return hit(i, key, resumed.get(), PlannedStep.Reason.RESUMED, "the run it resumes, " + resumed.get().runId()
                        + ", finished it with the same cache key");
            }
            if (options.noCache()) {
                return run(i, PlannedStep.Reason.CACHE_OFF, "the cache is off (--no-cache), and the run it resumes did not"
                        + " finish it with this cache key", List.of(), key, null);
            }
            Optional<StepRunRow> same = queries.latestSucceeded(key.key());
            if (same.isPresent() && stored(same.get())) {
                return hit(i, key, same.get(), PlannedStep.Reason.HIT, "cache hit: the outputs of step run " + same.get().id()
                        + " (run " + same.get().runId() + ") have the same cache key " + key.key().substring(7, 19));
            }
            if (same.isPresent()) {
                return run(i, PlannedStep.Reason.OUTPUTS_GONE, "step run " + same.get().id() + " had the same cache key, but"
                        + " some of its outputs are no longer in the artifact store", List.of(), key, same.get());
            }
            List<StepRunRow> earlier = queries.earlierStepRuns(pipeline.name(), node.name(), now, 1);
            if (earlier.isEmpty()) {
                return run(i, PlannedStep.Reason.NEVER_RAN, "no earlier run of this step (in runs of pipeline "
                        + pipeline.name() + "): there is nothing to reuse", List.of(), key, null);
            }
            StepRunRow before = earlier.getFirst();
            if (before.cacheKey().filter(key.key()::equals).isPresent()) {
                return run(i, PlannedStep.Reason.FAILED_BEFORE, "step run " + before.id() + " had the same cache key but "
                        + before.state().label() + ", and no step run with this key succeeded", List.of(), key, before);
            }
            return run(i, PlannedStep.Reason.CHANGED, "cache miss: compared with the most recent earlier run of this step, "
                    + before.id() + " (" + before.state().label() + "), its cache key changed", List.of(), key, before);
        }

        /** True when every output of the step run is still in the store (checked without reading or writing it). */
        private boolean stored(StepRunRow row) {
            for (OutputRow o : row.outputs()) {
                try {
                    if (!workspace.orElseThrow().store().contains(Digest.parse(o.artifactId()))) return false;
                } catch (RuntimeException e) {
                    return false;
                }
            }
            return true;
        }

        private boolean holds(StepNode node, RefResolver resolver) {
            try {
                return node.when().orElseThrow().test(resolver);
            } catch (IllegalArgumentException e) {
                return true; // the run fails the step with this message; the plan lets it run
            }
        }

        /** Why the step is skipped when a required input's producers are all predicted skipped. */
        private Optional<String> skippedInput(StepNode node) {
            for (Map.Entry<String, Binding> e : node.inputs().entrySet()) {
                List<OutputRef> sources = e.getValue().sources();
                List<String> skipped = new ArrayList<>();
                for (OutputRef ref : sources) {
                    if (states[plan.indexOf(ref.step())].status == StepStatus.SKIPPED) skipped.add(ref.step());
                }
                if (!sources.isEmpty() && skipped.size() == sources.size() && !e.getValue().port().optional()) {
                    return Optional.of("input '" + e.getKey() + "' comes from skipped step '" + skipped.getFirst() + "'");
                }
            }
            return Optional.empty();
        }

        /** The upstream steps predicted to run whose outputs it reads, or whose results its templates read. */
        private Set<String> runningUpstream(StepNode node) {
            Set<String> out = new LinkedHashSet<>();
            node.inputs().values().forEach(b -> b.sources().forEach(ref -> {
                if (states[plan.indexOf(ref.step())].status == StepStatus.RUNNING) out.add(ref.step());
            }));
            List<Template.Ref> refs = new ArrayList<>();
            node.params().values().forEach(v -> {
                if (v instanceof Template t) refs.addAll(t.refs());
            });
            node.when().ifPresent(c -> refs.addAll(c.refs()));
            for (Template.Ref r : refs) {
                List<String> seg = r.segments();
                if (!r.namespace().equals("steps") || seg.size() < 3) continue;
                int u = plan.indexOf(String.join(".", seg.subList(0, seg.size() - 2)));
                if (u >= 0 && states[u].status == StepStatus.RUNNING) out.add(plan.nodes[u].name());
            }
            return out;
        }

        /** Input port to the artifact ids the producers are predicted to give, as the run computes them. */
        private Map<String, List<String>> inputIds(int i) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            plan.nodes[i].inputs().forEach((port, b) -> {
                List<String> ids = new ArrayList<>();
                for (OutputRef ref : b.sources()) {
                    String id = states[plan.indexOf(ref.step())].outputIds.get(ref.output());
                    if (id != null) ids.add(id);
                }
                out.put(port, ids);
            });
            return out;
        }

        private PlannedStep run(int i, PlannedStep.Reason reason, String why, List<String> upstream, CacheKey key,
                                StepRunRow earlier) {
            states[i].status = StepStatus.RUNNING;
            return planned(i, PlannedStep.Decision.RUN, reason, why, upstream, Optional.empty(), key, earlier);
        }

        private PlannedStep skip(int i, PlannedStep.Reason reason, String why) {
            states[i].status = StepStatus.SKIPPED;
            return planned(i, PlannedStep.Decision.SKIPPED, reason, why, List.of(), Optional.empty(), null, null);
        }

        private PlannedStep hit(int i, CacheKey key, StepRunRow row, PlannedStep.Reason reason, String why) {
            StepProgress s = states[i];
            s.status = StepStatus.CACHED;
            s.metrics = row.metrics();
            Map<String, String> ids = new LinkedHashMap<>();
            row.outputs().forEach(o -> ids.putIfAbsent(o.port(), o.artifactId()));
            s.outputIds = ids;
            s.outputs = Map.copyOf(ids);
            String source = row.state() == dev.sluice.api.StepStatus.CACHED ? row.cacheSource().orElse(row.id()) : row.id();
            return planned(i, PlannedStep.Decision.CACHED, reason, why, List.of(), Optional.of(source), key, null);
        }

        private PlannedStep planned(int i, PlannedStep.Decision decision, PlannedStep.Reason reason, String why,
                                    List<String> upstream, Optional<String> source, CacheKey key, StepRunRow earlier) {
            StepNode node = plan.nodes[i];
            List<String> checks = node.checks().stream().map(c -> c.metric() + " " + c.expected()).toList();
            return new PlannedStep(node.name(), node.baseName(), decision, reason, why, node.matrixValues(), upstream,
                    source, states[i].outputIds, Optional.ofNullable(earlier).map(StepRunRow::id), Optional.ofNullable(key).map(CacheKey::key),
                    Optional.ofNullable(key).map(CacheKey::partsJson),
                    Optional.ofNullable(earlier).map(StepRunRow::cacheKeyPartsJson), checks, plan.phases[i],
                    plan.isForeach(i) ? foreachInstances : List.of());
        }
    }
}
