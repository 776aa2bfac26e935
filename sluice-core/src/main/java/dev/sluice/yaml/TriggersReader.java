package dev.sluice.yaml;

import dev.sluice.pipeline.Suggestions;
import dev.sluice.pipeline.TriggerSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the top-level {@code triggers:} list of a pipeline file (webhook, data arrival, upstream), reporting every
 * mistake at its line and column, and parameter names that {@code params:} does not declare with the closest ones.
 * One load at a time; not thread-safe.
 */
final class TriggersReader extends SectionReader {
    static final List<String> KINDS = List.of("webhook", "data", "upstream");
    static final List<String> WEBHOOK_KEYS = List.of("secret_env", "params", "max_per_minute");
    static final List<String> DATA_KEYS = List.of("folder", "prefix", "glob", "param", "stable_seconds", "marker");
    static final List<String> UPSTREAM_KEYS = List.of("pipeline", "status", "run_param", "outputs");
    static final String ENTRY_EXAMPLE = "{name: ingest, webhook: {secret_env: HOOK_SECRET, params: {day: \"$.day\"}}}";
    static final String EXAMPLE = "triggers: [" + ENTRY_EXAMPLE + "]";
    private static final String WEBHOOK_EXAMPLE = "webhook: {secret_env: HOOK_SECRET, params: {day: \"$.day\"}}";
    private static final String DATA_EXAMPLE = "data: {folder: incoming, glob: \"*.csv\", param: file}";
    private static final String UPSTREAM_EXAMPLE = "upstream: {pipeline: train, status: succeeded}";

    private final Collection<String> params;
    private final String pipeline;

    /**
     * @param params   the names {@code params:} declares, which triggers may set
     * @param pipeline the pipeline's own name (an upstream trigger may not name it)
     */
    TriggersReader(Fields fields, Collection<String> params, String pipeline) {
        super(fields);
        this.params = params;
        this.pipeline = pipeline;
    }

    /** The triggers read without problems, in file order. */
    List<TriggerSpec> read(YamlNode value) {
        List<TriggerSpec> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        fields.eachItem(value, "triggers", "a list", EXAMPLE, (item, path) -> entry(item, path).ifPresent(t -> {
            Integer first = lines.putIfAbsent(t.name(), item.line());
            if (first != null) {
                ctx.report(item, path + ".name", "duplicate trigger '" + t.name() + "' (first defined at line "
                        + first + ")", "Give each trigger of a pipeline its own name.");
                return;
            }
            out.add(t);
        }));
        return out;
    }

    private Optional<TriggerSpec> entry(YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(node, path, "key", ENTRY_EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        List<String> known = new ArrayList<>(List.of("name"));
        known.addAll(KINDS);
        ctx.rejectUnknown(entries.get(), known, path, "a trigger");
        LoadContext.Entry nameEntry = entries.get().get("name");
        Optional<String> name = Optional.empty();
        if (nameEntry == null) {
            ctx.report(node, path, "a trigger needs a name:", "Example: " + EXAMPLE);
        } else {
            ctx.mark(path + ".name", nameEntry.value());
            name = fields.text(nameEntry.value(), path + ".name", "name: ingest");
            if (name.isPresent() && !Names.valid(name.get())) {
                ctx.report(nameEntry.value(), path + ".name", "invalid trigger name '" + name.get() + "'", Names.RULE);
                name = Optional.empty();
            }
        }
        List<LoadContext.Entry> kinds = KINDS.stream().map(k -> entries.get().get(k)).filter(e -> e != null).toList();
        if (kinds.size() != 1) {
            ctx.report(node, path, kinds.isEmpty() ? "a trigger needs webhook:, data: or upstream: (one of them)"
                    : "a trigger has exactly one of webhook:, data: or upstream:, got " + kinds.size(),
                    "Write one trigger per entry, e.g. {name: ingest, " + WEBHOOK_EXAMPLE + "}");
            return Optional.empty();
        }
        LoadContext.Entry kind = kinds.getFirst();
        String at = path + "." + kind.name();
        ctx.mark(at, kind.value());
        Optional<? extends TriggerSpec> spec = switch (kind.name()) {
            case "webhook" -> name.flatMap(n -> webhook(n, kind.value(), at));
            case "data" -> name.flatMap(n -> data(n, kind.value(), at));
            default -> name.flatMap(n -> upstream(n, kind.value(), at));
        };
        return spec.map(s -> s);
    }

    private Optional<TriggerSpec.Webhook> webhook(String name, YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(node, path, "key", WEBHOOK_EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        ctx.rejectUnknown(entries.get(), WEBHOOK_KEYS, path, "webhook");
        Optional<String> env = required(entries.get(), node, path, "secret_env", "secret_env: HOOK_SECRET",
                "the name of the server's environment variable that holds the signing secret");
        if (env.isPresent() && !TriggerSpec.ENV_NAME.matcher(env.get()).matches()) {
            ctx.report(entries.get().get("secret_env").value(), path + ".secret_env", "'" + env.get()
                    + "' is not an environment variable name", "Use upper-case letters, digits and '_', e.g. HOOK_SECRET;"
                    + " the secret itself never goes in the file.");
            env = Optional.empty();
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        boolean ok = true;
        LoadContext.Entry p = entries.get().get("params");
        if (p != null) {
            String at = path + ".params";
            ctx.mark(at, p.value());
            Optional<Map<String, LoadContext.Entry>> m = fields.map(p.value(), at, "parameter", "params: {day: \"$.day\"}");
            ok = m.isPresent();
            for (LoadContext.Entry e : m.orElse(Map.of()).values()) {
                ok &= declared(e, at);
                ctx.mark(at + "." + e.name(), e.value());
                Optional<String> field = fields.text(e.value(), at + "." + e.name(), e.name() + ": \"$." + e.name() + "\"");
                if (field.isPresent() && !TriggerSpec.JSON_PATH.matcher(field.get()).matches()) {
                    ctx.report(e.value(), at + "." + e.name(), "'" + field.get() + "' is not a body field path",
                            "Write $. and the field's name, e.g. \"$." + e.name() + "\" or \"$.data." + e.name() + "\".");
                    field = Optional.empty();
                }
                if (field.isEmpty()) ok = false;
                else mapped.put(e.name(), field.get());
            }
        }
        int perMinute = count(entries.get().get("max_per_minute"), path + ".max_per_minute", 1,
                TriggerSpec.Webhook.DEFAULT_MAX_PER_MINUTE).orElse(-1);
        if (env.isEmpty() || !ok || perMinute < 0) return Optional.empty();
        return Optional.of(new TriggerSpec.Webhook(name, env.get(), mapped, perMinute));
    }

    private Optional<TriggerSpec.DataArrival> data(String name, YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(node, path, "key", DATA_EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        ctx.rejectUnknown(entries.get(), DATA_KEYS, path, "data");
        Optional<String> folder;
        LoadContext.Entry px = entries.get().get("prefix");
        if (px != null) { // an object-store prefix instead of a folder: s3://bucket/in/
            ctx.mark(path + ".prefix", px.value());
            folder = fields.text(px.value(), path + ".prefix", "prefix: s3://bucket/in/");
            if (folder.isPresent() && !folder.get().matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
                ctx.report(px.value(), path + ".prefix", "prefix '" + folder.get() + "' is not an S3 location",
                        "Write s3://BUCKET/PREFIX/, e.g. prefix: s3://bucket/in/.");
                folder = Optional.empty();
            } else if (folder.isPresent() && entries.get().containsKey("folder")) {
                ctx.report(px.value(), path + ".prefix", "a data trigger watches a folder or a prefix, not both",
                        "Keep folder: (a local folder) or prefix: (an s3:// prefix).");
                folder = Optional.empty();
            }
        } else {
            folder = required(entries.get(), node, path, "folder", "folder: incoming",
                    "the folder to watch, relative to the pipeline file (or prefix: s3://bucket/in/)");
        }
        Optional<String> param = required(entries.get(), node, path, "param", "param: file",
                "the parameter that gets the file's path");
        if (param.isPresent() && !declared(entries.get().get("param"), param.get(), path + ".param")) param = Optional.empty();
        Optional<String> glob = Optional.of("*");
        LoadContext.Entry g = entries.get().get("glob");
        if (g != null) {
            ctx.mark(path + ".glob", g.value());
            glob = fields.text(g.value(), path + ".glob", "glob: \"*.csv\"");
            if (glob.isPresent() && (glob.get().contains("/") || glob.get().contains("\\"))) {
                ctx.report(g.value(), path + ".glob", "glob '" + glob.get() + "' names sub-folders",
                        "Only the folder's own files are watched; match file names, e.g. \"*.csv\".");
                glob = Optional.empty();
            }
        }
        Optional<String> marker = Optional.empty();
        boolean markerOk = true;
        LoadContext.Entry mk = entries.get().get("marker");
        if (mk != null) {
            ctx.mark(path + ".marker", mk.value());
            marker = fields.text(mk.value(), path + ".marker", "marker: .done");
            markerOk = marker.isPresent();
        }
        int stable = count(entries.get().get("stable_seconds"), path + ".stable_seconds", 0,
                marker.isPresent() ? 0 : TriggerSpec.DataArrival.DEFAULT_STABLE_SECONDS).orElse(-1);
        if (folder.isEmpty() || param.isEmpty() || glob.isEmpty() || !markerOk || stable < 0) return Optional.empty();
        return Optional.of(new TriggerSpec.DataArrival(name, folder.get(), glob.get(), param.get(), stable, marker));
    }

    private Optional<TriggerSpec.Upstream> upstream(String name, YamlNode node, String path) {
        Optional<Map<String, LoadContext.Entry>> entries = fields.map(node, path, "key", UPSTREAM_EXAMPLE);
        if (entries.isEmpty()) return Optional.empty();
        ctx.rejectUnknown(entries.get(), UPSTREAM_KEYS, path, "upstream");
        Optional<String> pipeline = required(entries.get(), node, path, "pipeline", "pipeline: train",
                "the pipeline whose runs start this one");
        if (pipeline.isPresent() && pipeline.get().equals(this.pipeline)) {
            ctx.report(entries.get().get("pipeline").value(), path + ".pipeline", "pipeline '" + pipeline.get()
                    + "' cannot follow its own runs", "Each run would start the next one; name another pipeline.");
            pipeline = Optional.empty();
        }
        Optional<String> status = Optional.of("succeeded");
        LoadContext.Entry s = entries.get().get("status");
        if (s != null) {
            ctx.mark(path + ".status", s.value());
            status = fields.text(s.value(), path + ".status", "status: succeeded");
            if (status.isPresent() && !TriggerSpec.Upstream.STATUSES.contains(status.get())) {
                ctx.report(s.value(), path + ".status", "unknown upstream status '" + status.get() + "'",
                        Suggestions.didYouMean(status.get(), TriggerSpec.Upstream.STATUSES)
                                .orElse("Use succeeded, failed or any."));
                status = Optional.empty();
            }
        }
        Optional<String> runParam = Optional.empty();
        boolean ok = true;
        LoadContext.Entry rp = entries.get().get("run_param");
        if (rp != null) {
            ctx.mark(path + ".run_param", rp.value());
            runParam = fields.text(rp.value(), path + ".run_param", "run_param: train_run");
            ok = runParam.isPresent() && declared(rp, runParam.get(), path + ".run_param");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        LoadContext.Entry o = entries.get().get("outputs");
        if (o != null) {
            String at = path + ".outputs";
            ctx.mark(at, o.value());
            Optional<Map<String, LoadContext.Entry>> m = fields.map(o.value(), at, "parameter", "outputs: {model: train.model}");
            ok &= m.isPresent();
            for (LoadContext.Entry e : m.orElse(Map.of()).values()) {
                ok &= declared(e, at);
                ctx.mark(at + "." + e.name(), e.value());
                Optional<String> ref = fields.text(e.value(), at + "." + e.name(), e.name() + ": train.model");
                if (ref.isPresent() && !ref.get().matches("[A-Za-z_][A-Za-z0-9_/\\[\\]=.,-]*\\.[A-Za-z_][A-Za-z0-9_-]*")) {
                    ctx.report(e.value(), at + "." + e.name(), "'" + ref.get() + "' is not a step output",
                            "Write the upstream step and its output, e.g. " + e.name() + ": train.model");
                    ref = Optional.empty();
                }
                if (ref.isEmpty()) ok = false;
                else outputs.put(e.name(), ref.get());
            }
        }
        if (pipeline.isEmpty() || status.isEmpty() || !ok) return Optional.empty();
        return Optional.of(new TriggerSpec.Upstream(name, pipeline.get(), status.get(), runParam, outputs));
    }

    /** A required text key; reported (at the map) when missing. */
    private Optional<String> required(Map<String, LoadContext.Entry> entries, YamlNode map, String path, String key,
                                      String example, String what) {
        LoadContext.Entry e = entries.get(key);
        if (e == null) {
            ctx.report(map, path, Values.leaf(path) + " needs " + key + ": (" + what + ")", "Example: " + example);
            return Optional.empty();
        }
        ctx.mark(path + "." + key, e.value());
        return fields.text(e.value(), path + "." + key, example);
    }

    /** True when the key of {@code e} names a declared parameter; reported with the closest names otherwise. */
    private boolean declared(LoadContext.Entry e, String path) {
        return declared(e.key(), e.name(), path + "." + e.name());
    }

    private boolean declared(LoadContext.Entry e, String param, String path) {
        return declared(e.value(), param, path);
    }

    private boolean declared(YamlNode at, String param, String path) {
        if (params.contains(param)) return true;
        ctx.report(at, path, "the pipeline has no parameter '" + param + "'", Suggestions.didYouMean(param, params)
                .orElse(params.isEmpty() ? "Declare it under params:, e.g. params: {" + param + ": {type: string}}"
                        : "Declare it under params: (it has " + String.join(", ", params) + ")."));
        return false;
    }

    /** A whole number at least {@code min}, or {@code fallback} when absent; empty after reporting a bad one. */
    private Optional<Integer> count(LoadContext.Entry e, String path, int min, int fallback) {
        if (e == null) return Optional.of(fallback);
        ctx.mark(path, e.value());
        Optional<Long> n = fields.integer(e.value(), path, min, Values.leaf(path) + ": " + Math.max(min, fallback));
        if (n.isEmpty()) return Optional.empty();
        if (n.get() > 86_400) {
            ctx.report(e.value(), path, Values.leaf(path) + " is too large (" + n.get() + ")", "Use at most 86400.");
            return Optional.empty();
        }
        return Optional.of(n.get().intValue());
    }
}
