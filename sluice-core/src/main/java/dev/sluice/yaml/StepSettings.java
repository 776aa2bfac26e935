package dev.sluice.yaml;

import dev.sluice.pipeline.RetryPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads how a step runs: {@code when}, {@code retries}, {@code timeout}, {@code checks},
 * {@code resources}, {@code env}, {@code code}, {@code cache} and {@code description}.
 * One load at a time; not thread-safe.
 */
final class StepSettings extends SectionReader {
    static final List<String> RETRY_KEYS = List.of("max", "backoff", "factor");
    static final List<String> RESOURCE_KEYS = List.of("cpu");
    private static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    private static final double DEFAULT_FACTOR = 2.0;

    StepSettings(Fields fields) {
        super(fields);
    }

    void readKey(String key, YamlNode v, String path, StepDraft d) {
        switch (key) {
            case "when" -> d.when = when(v, path);
            case "retries" -> d.retries = retries(v, path).orElse(RetryPolicy.NONE);
            case "timeout" -> d.timeout = timeout(v, path);
            case "checks" -> checks(v, path, d);
            case "resources" -> d.cpu = cpu(v, path);
            case "env" -> env(v, path, d);
            case "code" -> d.code = fields.textOrList(v, path, "code: [train.py, features.py]").orElse(List.of());
            case "cache" -> {
                ctx.mark(path, v);
                d.cache = fields.bool(v, path, "cache: false").orElse(true);
            }
            case "engine" -> d.engine = EngineReader.read(ctx, fields, v, path);
            case "description" -> fields.text(v, path, "description: \"trains the churn model\"");
            default -> throw new IllegalStateException("no reader for step key " + key);
        }
    }

    private Optional<String> when(YamlNode v, String path) {
        ctx.mark(path, v);
        if (Shapes.isBool(v)) return Optional.of(((YamlScalar) v).getValue().toLowerCase());
        return fields.text(v, path, "when: \"${params.deploy}\"");
    }

    private Optional<RetryPolicy> retries(YamlNode v, String path) {
        ctx.mark(path, v);
        if (v instanceof YamlMap m) return retryMap(m, path);
        if (Shapes.isNumber(v)) {
            return fields.integer(v, path, 0, "retries: 3").map(n -> policy(n, DEFAULT_BACKOFF, DEFAULT_FACTOR));
        }
        fields.wrongShape(v, path, "a number of retries or a map", "retries: 3 or retries: {max: 3, backoff: 500ms, factor: 2}");
        return Optional.empty();
    }

    private Optional<RetryPolicy> retryMap(YamlMap m, String path) {
        Map<String, LoadContext.Entry> entries = ctx.entries(m, path, k -> "key '" + k + "' in retries");
        ctx.rejectUnknown(entries, RETRY_KEYS, path, "retries");
        LoadContext.Entry max = entries.get("max");
        if (max == null) {
            ctx.report(m, path, "retries needs max: (how many times to try again)", "Example: retries: {max: 3, backoff: 500ms}");
        }
        Optional<Long> n = max == null ? Optional.empty() : fields.integer(max.value(), path + ".max", 0, "max: 3");
        Duration backoff = Optional.ofNullable(entries.get("backoff"))
                .flatMap(e -> duration(e.value(), path + ".backoff", 0)).orElse(DEFAULT_BACKOFF);
        double factor = Optional.ofNullable(entries.get("factor")).flatMap(e -> factor(e.value(), path + ".factor"))
                .orElse(DEFAULT_FACTOR);
        return n.map(count -> policy(count, backoff, factor));
    }

    private Optional<Double> factor(YamlNode v, String path) {
        Optional<Double> f = fields.number(v, path, "factor: 2");
        if (f.isPresent() && !(f.get() >= 1.0 && f.get() < Double.POSITIVE_INFINITY)) {
            ctx.report(v, path, "factor must be at least 1, got " + ((YamlScalar) v).getValue(),
                    "Use 1 for a fixed wait or 2 to double the wait before each retry.");
            return Optional.empty();
        }
        return f;
    }

    private static RetryPolicy policy(long count, Duration backoff, double factor) {
        if (count == 0) return RetryPolicy.NONE;
        return new RetryPolicy((int) Math.min(count, Integer.MAX_VALUE), backoff, factor);
    }

    private Optional<Duration> timeout(YamlNode v, String path) {
        ctx.mark(path, v);
        return duration(v, path, 1);
    }

    /** A duration text or a whole number of seconds, at least {@code minMillis} long. */
    private Optional<Duration> duration(YamlNode v, String path, long minMillis) {
        Optional<Duration> d = Optional.empty();
        if (Shapes.isNumber(v) && v.getTag().equals(org.snakeyaml.engine.v2.nodes.Tag.INT)) {
            d = new Values(ctx).scalar((YamlScalar) v, path).map(n -> Duration.ofSeconds((Long) n));
        } else if (Shapes.isText(v)) {
            d = Durations.parse(((YamlScalar) v).getValue());
        }
        if (d.isPresent() && d.get().toMillis() >= minMillis) return d;
        String leaf = Values.leaf(path);
        String problem = d.isPresent() ? leaf + " must be positive, got " : leaf + " must be a duration, got ";
        ctx.report(v, path, problem + Shapes.describe(v), Durations.ACCEPTED);
        return Optional.empty();
    }

    private void checks(YamlNode v, String path, StepDraft d) {
        fields.eachEntry(v, path, "check", "checks: {auc: \">= 0.8\", rows: 1000}", (k, e, at) -> {
            if (Shapes.isNumber(e.value())) {
                d.checks().put(ctx.shared(k), "== " + ((YamlScalar) e.value()).getValue());
            } else {
                fields.text(e.value(), at, k + ": \">= 0.8\"").ifPresent(c -> d.checks().put(ctx.shared(k), c.trim()));
            }
        });
    }

    private int cpu(YamlNode v, String path) {
        ctx.mark(path, v);
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(v, path, "key", "resources: {cpu: 2}");
        if (entries.isEmpty()) return 1;
        ctx.rejectUnknown(entries.get(), RESOURCE_KEYS, path, "resources");
        LoadContext.Entry cpu = entries.get().get("cpu");
        if (cpu == null) return 1;
        ctx.mark(path + ".cpu", cpu.value());
        return fields.integer(cpu.value(), path + ".cpu", 1, "cpu: 2").map(n -> (int) Math.min(n, Integer.MAX_VALUE)).orElse(1);
    }

    private void env(YamlNode v, String path, StepDraft d) {
        fields.eachEntry(v, path, "variable", "env: {PYTHONHASHSEED: 0}", (k, e, at) -> {
            if (!Names.validEnv(k)) {
                ctx.report(e.key(), at, "invalid environment variable name '" + k + "'",
                        "Use letters, digits and '_', not starting with a digit.");
            }
            fields.scalarText(e.value(), at, k + ": \"1\"").ifPresent(s -> d.env().put(ctx.shared(k), s));
        });
    }
}
