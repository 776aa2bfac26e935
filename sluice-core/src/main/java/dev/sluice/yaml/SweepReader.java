package dev.sluice.yaml;

import dev.sluice.pipeline.Suggestions;
import dev.sluice.pipeline.SweepSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a step's {@code sweep:} ({@link SweepSpec}): {@code method} (default {@code random}), {@code trials},
 * {@code seed} (default 0), {@code parallel} (default: no bound; 1 for {@code tpe}), {@code objective: {metric, goal}},
 * {@code startup} ({@code tpe} only, default 10 or trials), {@code early_stop: {patience, median: {metric, goal, warmup_steps, min_trials}}} and {@code params}, each parameter a distribution {@code {uniform: [a, b]}}, {@code {loguniform: [a, b]}},
 * {@code {int: [a, b]}} or {@code {choice: [x, y]}} (a plain list is a choice). One load at a time; not thread-safe.
 */
final class SweepReader extends SectionReader {
    static final List<String> KEYS = List.of("method", "trials", "seed", "parallel", "objective", "params", "startup",
            "early_stop");
    static final List<String> EARLY_STOP_KEYS = List.of("patience", "median");
    static final List<String> MEDIAN_KEYS = List.of("metric", "goal", "warmup_steps", "min_trials");
    /** Median stopping's defaults, as Optuna's MedianPruner: judge from the first step, once 5 trials have ended. */
    static final long DEFAULT_WARMUP_STEPS = 0;
    static final long DEFAULT_MIN_TRIALS = 5;
    static final List<String> OBJECTIVE_KEYS = List.of("metric", "goal");
    static final List<String> DISTRIBUTIONS = List.of("uniform", "loguniform", "int", "choice");
    private static final List<String> GOALS = List.of("maximize", "minimize");
    private static final String EXAMPLE = "sweep: {method: random, trials: 20, seed: 7, objective: {metric: auc, goal: maximize},"
            + " params: {eta: {loguniform: [0.01, 0.3]}}}";
    /** Most trials a sweep may have: as many as a matrix may have instances. */
    static final int MAX_TRIALS = 100_000;

    private final Values values;

    SweepReader(Fields fields) {
        super(fields);
        this.values = new Values(ctx);
    }

    Optional<SweepSpec> read(YamlNode node, String path) {
        ctx.mark(path, node);
        Optional<Map<String, LoadContext.Entry>> found = fields.map(node, path, "key", EXAMPLE);
        if (found.isEmpty()) return Optional.empty();
        Map<String, LoadContext.Entry> entries = found.get();
        ctx.rejectUnknown(entries, KEYS, path, "sweep");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        Optional<SweepSpec.Method> method = entries.containsKey("method")
                ? method(entries.get("method").value(), path + ".method") : Optional.of(SweepSpec.Method.RANDOM);
        Optional<Long> trials = required(entries, "trials", node, path, "trials: 20")
                .flatMap(v -> fields.integer(v, path + ".trials", 1, "trials: 20"));
        trials.filter(n -> n > MAX_TRIALS).ifPresent(n -> ctx.report(entries.get("trials").value(), path + ".trials",
                "a sweep has at most " + MAX_TRIALS + " trials, got " + n, "Ask for fewer trials."));
        long seed = Optional.ofNullable(entries.get("seed")).flatMap(e -> seed(e.value(), path + ".seed")).orElse(0L);
        long parallel = Optional.ofNullable(entries.get("parallel"))
                .flatMap(e -> fields.integer(e.value(), path + ".parallel", 1, "parallel: 4")).orElse(0L);
        Optional<SweepSpec.Objective> objective = required(entries, "objective", node, path, "objective: {metric: auc, goal: maximize}")
                .flatMap(v -> objective(v, path + ".objective"));
        Optional<Map<String, SweepSpec.Distribution>> params = required(entries, "params", node, path,
                "params: {eta: {loguniform: [0.01, 0.3]}}").flatMap(v -> params(v, path + ".params"));
        Optional<Long> startup = Optional.ofNullable(entries.get("startup"))
                .flatMap(e -> fields.integer(e.value(), path + ".startup", 1, "startup: 10"));
        boolean startupOk = startup.isPresent() || !entries.containsKey("startup");
        if (startup.isPresent() && trials.isPresent() && startup.get() > trials.get()) {
            ctx.report(entries.get("startup").value(), path + ".startup", "startup: " + startup.get() + " is more than trials: "
                    + trials.get(), "The first startup trials are drawn at random; keep startup at most trials.");
            startupOk = false;
        }
        if (startup.isPresent() && method.filter(m -> m == SweepSpec.Method.TPE).isEmpty() && method.isPresent()) {
            ctx.report(entries.get("startup").value(), path + ".startup", "startup: is for method: tpe",
                    "Remove startup:, or write method: tpe.");
            startupOk = false;
        }
        Optional<EarlyStop> early = entries.containsKey("early_stop")
                ? earlyStop(entries.get("early_stop").value(), path + ".early_stop") : Optional.of(new EarlyStop(0L, null));
        if (method.isEmpty() || trials.isEmpty() || trials.get() > MAX_TRIALS || objective.isEmpty() || params.isEmpty()
                || !startupOk || early.isEmpty()) {
            return Optional.empty();
        }
        int n = (int) (long) trials.get();
        return Optional.of(new SweepSpec(method.get(), n, seed, (int) Math.min(parallel, Integer.MAX_VALUE), objective.get(),
                params.get(), (int) (long) startup.orElse((long) Math.min(SweepSpec.DEFAULT_STARTUP, n)),
                (int) Math.min(early.get().patience(), Integer.MAX_VALUE), early.get().median(objective.get())));
    }

    /** What {@code early_stop:} says: a patience (0 for none) and median stopping (null for none; metric and goal may be left to the objective's). */
    private record EarlyStop(long patience, MedianDraft median) {
        SweepSpec.Median median(SweepSpec.Objective objective) {
            if (median == null) return null;
            return new SweepSpec.Median(median.metric() == null ? objective.metric() : median.metric(),
                    median.goal() == null ? objective.goal() : median.goal(), median.warmupSteps(), median.minTrials());
        }
    }

    private record MedianDraft(String metric, SweepSpec.Goal goal, int warmupSteps, int minTrials) {}

    /** {@code early_stop: {patience: K, median: {...}}}: at least one of the two. */
    private Optional<EarlyStop> earlyStop(YamlNode node, String path) {
        String example = "early_stop: {patience: 5} or early_stop: {median: {metric: logloss, warmup_steps: 5, min_trials: 5}}";
        Optional<Map<String, LoadContext.Entry>> found = fields.map(node, path, "key", example);
        if (found.isEmpty()) return Optional.empty();
        Map<String, LoadContext.Entry> entries = found.get();
        ctx.rejectUnknown(entries, EARLY_STOP_KEYS, path, "early_stop");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        if (!entries.containsKey("patience") && !entries.containsKey("median")) { // another key was reported as unknown
            if (entries.isEmpty()) ctx.report(node, path, "early_stop needs patience: or median:", "Example: " + example);
            return Optional.empty();
        }
        Optional<Long> patience = entries.containsKey("patience")
                ? fields.integer(entries.get("patience").value(), path + ".patience", 1, "patience: 5") : Optional.of(0L);
        Optional<MedianDraft> median = entries.containsKey("median")
                ? median(entries.get("median").value(), path + ".median") : Optional.empty();
        if (patience.isEmpty() || (entries.containsKey("median") && median.isEmpty())) return Optional.empty();
        return Optional.of(new EarlyStop(patience.get(), median.orElse(null)));
    }

    /** {@code median: {metric, goal, warmup_steps, min_trials}}, each optional. */
    private Optional<MedianDraft> median(YamlNode node, String path) {
        String example = "median: {metric: logloss, goal: minimize, warmup_steps: 5, min_trials: 5}";
        Optional<Map<String, LoadContext.Entry>> found = fields.map(node, path, "key", example);
        if (found.isEmpty()) return Optional.empty();
        Map<String, LoadContext.Entry> entries = found.get();
        int before = ctx.problems().size();
        ctx.rejectUnknown(entries, MEDIAN_KEYS, path, "median");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        Optional<String> metric = entries.containsKey("metric")
                ? fields.text(entries.get("metric").value(), path + ".metric", "metric: logloss") : Optional.of("");
        Optional<SweepSpec.Goal> goal = Optional.empty();
        if (entries.containsKey("goal")) {
            YamlNode g = entries.get("goal").value();
            goal = fields.text(g, path + ".goal", "goal: minimize").flatMap(text -> {
                Optional<SweepSpec.Goal> parsed = SweepSpec.Goal.parse(text);
                if (parsed.isEmpty()) ctx.report(g, path + ".goal", "unknown goal '" + text + "'", "Write goal: maximize or goal: minimize.");
                return parsed;
            });
            if (goal.isEmpty()) return Optional.empty();
        }
        Optional<Long> warmup = entries.containsKey("warmup_steps")
                ? fields.integer(entries.get("warmup_steps").value(), path + ".warmup_steps", 0, "warmup_steps: 5")
                : Optional.of(DEFAULT_WARMUP_STEPS);
        Optional<Long> minTrials = entries.containsKey("min_trials")
                ? fields.integer(entries.get("min_trials").value(), path + ".min_trials", 1, "min_trials: 5")
                : Optional.of(DEFAULT_MIN_TRIALS);
        if (metric.isEmpty() || warmup.isEmpty() || minTrials.isEmpty() || ctx.problems().size() > before) return Optional.empty();
        return Optional.of(new MedianDraft(metric.get().isEmpty() ? null : ctx.shared(metric.get()), goal.orElse(null),
                (int) Math.min(warmup.get(), Integer.MAX_VALUE), (int) Math.min(minTrials.get(), Integer.MAX_VALUE)));
    }

    private Optional<YamlNode> required(Map<String, LoadContext.Entry> entries, String key, YamlNode node, String path,
                                        String example) {
        LoadContext.Entry e = entries.get(key);
        if (e == null) {
            ctx.report(node, path, "sweep needs " + key + ":", "Example: " + example);
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    private Optional<SweepSpec.Method> method(YamlNode node, String path) {
        Optional<SweepSpec.Method> m = fields.text(node, path, "method: random").flatMap(text -> {
            Optional<SweepSpec.Method> parsed = SweepSpec.Method.parse(text);
            if (parsed.isEmpty()) {
                String lower = text.toLowerCase(java.util.Locale.ROOT);
                String methods = "Methods: " + String.join(", ", SweepSpec.Method.names()) + ".";
                ctx.report(node, path, "unknown sweep method '" + text + "'", lower.startsWith("bayes") || lower.equals("optuna")
                        ? "For a model-based search write method: tpe (Tree-structured Parzen Estimator). " + methods
                        : lower.equals("grid") ? "For a full grid use matrix: instead of sweep:. " + methods
                        : Suggestions.didYouMean(text, SweepSpec.Method.names()).map(h -> h + " " + methods).orElse(methods));
            }
            return parsed;
        });
        return m;
    }

    private Optional<Long> seed(YamlNode node, String path) {
        if (node instanceof YamlScalar s && Shapes.isNumber(s) && values.scalar(s, path).orElse(null) instanceof Long n) {
            return Optional.of(n);
        }
        fields.wrongShape(node, path, "a whole number", "seed: 7");
        return Optional.empty();
    }

    private Optional<SweepSpec.Objective> objective(YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> found = fields.map(node, path, "key", "objective: {metric: auc, goal: maximize}");
        if (found.isEmpty()) return Optional.empty();
        Map<String, LoadContext.Entry> entries = found.get();
        ctx.rejectUnknown(entries, OBJECTIVE_KEYS, path, "objective");
        entries.values().forEach(e -> ctx.mark(path + "." + e.name(), e.value()));
        LoadContext.Entry metric = entries.get("metric");
        LoadContext.Entry goal = entries.get("goal");
        if (metric == null || goal == null) {
            ctx.report(node, path, "objective needs metric: and goal:", "Example: objective: {metric: auc, goal: maximize}");
            return Optional.empty();
        }
        Optional<String> name = fields.text(metric.value(), path + ".metric", "metric: auc");
        Optional<SweepSpec.Goal> g = fields.text(goal.value(), path + ".goal", "goal: maximize").flatMap(text -> {
            Optional<SweepSpec.Goal> parsed = SweepSpec.Goal.parse(text);
            if (parsed.isEmpty()) {
                String lower = text.toLowerCase(java.util.Locale.ROOT);
                String hint = lower.startsWith("max") ? "Did you mean 'maximize'?" : lower.startsWith("min")
                        ? "Did you mean 'minimize'?" : "Write goal: maximize or goal: minimize.";
                ctx.report(goal.value(), path + ".goal", "unknown goal '" + text + "'", hint);
            }
            return parsed;
        });
        if (name.isEmpty() || g.isEmpty()) return Optional.empty();
        return Optional.of(new SweepSpec.Objective(ctx.shared(name.get()), g.get()));
    }

    private Optional<Map<String, SweepSpec.Distribution>> params(YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> found = fields.map(node, path, "parameter", "params: {eta: {uniform: [0.01, 0.3]}}");
        if (found.isEmpty()) return Optional.empty();
        if (found.get().isEmpty()) {
            ctx.report(node, path, "sweep params: is empty", "Name at least one parameter to search, e.g. eta: {uniform: [0.01, 0.3]}");
            return Optional.empty();
        }
        Map<String, SweepSpec.Distribution> out = new LinkedHashMap<>();
        boolean ok = true;
        for (LoadContext.Entry e : found.get().values()) {
            String at = path + "." + e.name();
            ctx.mark(at, e.value());
            Optional<SweepSpec.Distribution> d = distribution(e.name(), e.value(), at);
            d.ifPresent(x -> out.put(ctx.shared(e.name()), x));
            ok &= d.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private Optional<SweepSpec.Distribution> distribution(String name, YamlNode node, String path) {
        if (node instanceof YamlList list) return choice(list, path);
        String example = name + ": {uniform: [0.01, 0.3]}";
        if (!(node instanceof YamlMap m) || m.size() != 1) {
            fields.wrongShape(node, path, "one distribution: uniform, loguniform, int or choice", example);
            return Optional.empty();
        }
        Map<String, LoadContext.Entry> entries = ctx.entries(m, path, k -> "distribution '" + k + "'");
        ctx.rejectUnknown(entries, DISTRIBUTIONS, path, "parameter '" + name + "' of the sweep");
        LoadContext.Entry e = entries.values().iterator().next();
        String at = path + "." + e.name();
        ctx.mark(at, e.value());
        if (!DISTRIBUTIONS.contains(e.name())) return Optional.empty();
        if (e.name().equals("choice")) {
            if (e.value() instanceof YamlList list) return choice(list, at);
            fields.wrongShape(e.value(), at, "a non-empty list of values", name + ": {choice: [gbtree, dart]}");
            return Optional.empty();
        }
        return range(e.name(), name, e.value(), at);
    }

    private Optional<SweepSpec.Distribution> range(String kind, String name, YamlNode node, String path) {
        String example = name + ": {" + kind + ": " + (kind.equals("int") ? "[2, 8]" : "[0.01, 0.3]") + "}";
        if (!(node instanceof YamlList list) || list.getValue().size() != 2) {
            fields.wrongShape(node, path, "a list of two numbers [low, high]", example);
            return Optional.empty();
        }
        List<Object> bounds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            YamlNode item = list.getValue().get(i);
            ctx.mark(path + "[" + i + "]", item);
            Optional<Object> v = item instanceof YamlScalar s && Shapes.isNumber(s) ? values.scalar(s, path + "[" + i + "]")
                    : Optional.empty();
            if (v.isEmpty() || kind.equals("int") && !(v.get() instanceof Long)) {
                ctx.report(item, path + "[" + i + "]", "the bounds of " + kind + " must be " + (kind.equals("int")
                        ? "whole numbers" : "numbers") + ", got " + Shapes.describe(item), "Example: " + example);
                return Optional.empty();
            }
            bounds.add(v.get());
        }
        try {
            return Optional.of(switch (kind) {
                case "uniform" -> new SweepSpec.Uniform(((Number) bounds.get(0)).doubleValue(), ((Number) bounds.get(1)).doubleValue());
                case "loguniform" -> new SweepSpec.LogUniform(((Number) bounds.get(0)).doubleValue(),
                        ((Number) bounds.get(1)).doubleValue());
                default -> new SweepSpec.IntRange((Long) bounds.get(0), (Long) bounds.get(1));
            });
        } catch (IllegalArgumentException ex) {
            ctx.report(node, path, ex.getMessage(), "Example: " + example);
            return Optional.empty();
        }
    }

    private Optional<SweepSpec.Distribution> choice(YamlList list, String path) {
        if (list.getValue().isEmpty()) {
            fields.wrongShape(list, path, "a non-empty list of values", "booster: {choice: [gbtree, dart]}");
            return Optional.empty();
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            YamlNode item = list.getValue().get(i);
            String at = path + "[" + i + "]";
            ctx.mark(at, item);
            if (item instanceof YamlScalar s && !Shapes.isNull(s)) {
                values.scalar(s, at).ifPresent(out::add);
            } else {
                fields.wrongShape(item, at, "a single value", "booster: {choice: [gbtree, dart]}");
                return Optional.empty();
            }
        }
        return Optional.of(new SweepSpec.Choice(out));
    }
}
