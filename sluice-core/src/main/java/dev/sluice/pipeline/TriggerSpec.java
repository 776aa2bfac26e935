package dev.sluice.pipeline;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a pipeline file's top-level {@code triggers:} list: what makes {@code sluice server} queue a run of the
 * pipeline by itself. {@code sluice run} ignores triggers. Immutable.
 *
 * <pre>{@code
 * triggers:
 *   - {name: ingest, webhook: {secret_env: HOOK_SECRET, params: {day: "$.day"}}}
 *   - {name: landed, data: {folder: incoming, glob: "*.csv", param: file, stable_seconds: 2}}
 *   - {name: after_train, upstream: {pipeline: train, status: succeeded, run_param: train_run,
 *                                    outputs: {model: train.model}}}
 * }</pre>
 */
public sealed interface TriggerSpec permits TriggerSpec.Webhook, TriggerSpec.DataArrival, TriggerSpec.Upstream {
    /** The trigger's name, unique in its pipeline. */
    String name();

    /** The kind as written in the file and recorded as a run's cause: {@code webhook}, {@code data}, {@code upstream}. */
    String kind();

    /** A name of an environment variable: upper-case letters, digits and underscores. */
    Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    /** A body field path of a webhook parameter: {@code $.day}, {@code $.data.region}. */
    Pattern JSON_PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_-]{1,64}){1,8}");

    /**
     * {@code POST /api/v1/hooks/PIPELINE/NAME}, signed with HMAC-SHA256 by the secret in the server's environment
     * variable {@code secretEnv}.
     *
     * @param params       pipeline parameter to the body field it takes ({@code day -> $.day})
     * @param maxPerMinute deliveries accepted per minute by one server; more are answered 429
     */
    record Webhook(String name, String secretEnv, Map<String, String> params, int maxPerMinute) implements TriggerSpec {
        public static final int DEFAULT_MAX_PER_MINUTE = 60;

        public Webhook {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(secretEnv, "secretEnv");
            params = Map.copyOf(params);
            if (maxPerMinute < 1) throw new IllegalArgumentException("max_per_minute must be at least 1");
        }

        @Override
        public String kind() {
            return "webhook";
        }
    }

    /**
     * A file that lands in {@code folder} (relative to the pipeline file's folder) and matches {@code glob} starts one
     * run per distinct content, with its absolute path as the parameter {@code param}. It is taken once its size and
     * modification time stayed the same for {@code stableSeconds}, or, with a {@code marker}, once the file
     * {@code NAME + marker} exists. With {@code prefix: s3://bucket/in/} in the file, {@code folder} is that S3 location
     * ({@link #objectStore()}): each object directly under it that matches {@code glob} is taken at once (an upload is
     * atomic), with its {@code s3://} URI as the parameter.
     */
    record DataArrival(String name, String folder, String glob, String param, int stableSeconds,
                       Optional<String> marker) implements TriggerSpec {
        public static final int DEFAULT_STABLE_SECONDS = 2;

        /** True when {@code folder} is an object-store prefix ({@code s3://bucket/in/}), not a local folder. */
        public boolean objectStore() {
            return folder.startsWith("s3://");
        }

        public DataArrival {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(glob, "glob");
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(marker, "marker");
            if (stableSeconds < 0) throw new IllegalArgumentException("stable_seconds must not be negative");
        }

        @Override
        public String kind() {
            return "data";
        }
    }

    /**
     * When a run of {@code pipeline} ends with {@code status} ({@code succeeded}, {@code failed} or {@code any}),
     * one run of this pipeline is queued, with the upstream run's id as the parameter {@code runParam} (if given) and
     * the stored paths of the upstream outputs named in {@code outputs} ({@code model -> train.model}) as parameters.
     */
    record Upstream(String name, String pipeline, String status, Optional<String> runParam,
                    Map<String, String> outputs) implements TriggerSpec {
        /** The statuses an upstream trigger may wait for. */
        public static final java.util.List<String> STATUSES = java.util.List.of("succeeded", "failed", "any");

        public Upstream {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(runParam, "runParam");
            outputs = Map.copyOf(outputs);
        }

        @Override
        public String kind() {
            return "upstream";
        }

        /** True when a run that ended with {@code ended} (a status label) fires this trigger. */
        public boolean firesOn(String ended) {
            return status.equals("any") ? !ended.equals("queued") && !ended.equals("running") : status.equals(ended);
        }
    }
}
