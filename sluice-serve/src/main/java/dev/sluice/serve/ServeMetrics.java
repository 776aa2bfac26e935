package dev.sluice.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's counters, written in the Prometheus text exposition format (version 0.0.4) by {@link #write}.
 * Counters are {@link LongAdder}s, so recording is cheap and lock-free under contention. Series:
 * <pre>
 * sluice_serve_requests_total{model,status}             prediction requests by model and HTTP status, and requests
 *                                                       refused before their endpoint (model "" unless the path
 *                                                       names a served model's predict endpoint)
 * sluice_serve_request_duration_seconds{model}          histogram of prediction request latency
 * sluice_serve_rows_total{model}                        rows scored
 * sluice_serve_unseen_categories_total{model}           categorical values not seen in training
 * sluice_serve_model_version{model,alias}               the version being served (gauge)
 * sluice_serve_model_swaps_total{model}                 hot swaps after an alias moved
 * sluice_serve_model_load_failures_total{model}         versions that failed to load (the old one stays)
 * sluice_serve_sink_errors_total                        exceptions thrown by the prediction sink
 * sluice_serve_logged_rows_total{outcome}               prediction log rows written, dropped (log full) or failed
 * </pre>
 * Thread-safe.
 */
final class ServeMetrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final Map<String, PerModel> models = new ConcurrentHashMap<>();
    private final LongAdder sinkErrors = new LongAdder();

    /** Counters of one model name ({@code ""} collects requests for unknown models). */
    static final class PerModel {
        final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder unseen = new LongAdder();
        final LongAdder swaps = new LongAdder();
        final LongAdder loadFailures = new LongAdder();

        PerModel() {
            for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
        }
    }

    PerModel of(String model) {
        return models.computeIfAbsent(model, m -> new PerModel());
    }

    /** One prediction request: its status, latency, rows scored and unseen categories. */
    void request(String model, int status, long nanos, int rows, int unseen) {
        PerModel m = of(model);
        m.byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                m.buckets[i].increment();
                break;
            }
        }
        m.count.increment();
        m.sum.add(seconds);
        if (rows > 0) m.rows.add(rows);
        if (unseen > 0) m.unseen.add(unseen);
    }

    /** A request refused before it reached its endpoint (bad framing, Host, Origin, Content-Type): its status only. */
    void refused(String model, int status) {
        of(model).byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void swapped(String model) {
        of(model).swaps.increment();
    }

    void loadFailed(String model) {
        of(model).loadFailures.increment();
    }

    void sinkError() {
        sinkErrors.increment();
    }

    /** Writes every series; {@code versions} gives the served version per {@code name@alias}. */
    void write(StringBuilder b, Supplier<Map<ModelRef, Integer>> versions, PredictionSink.Counts logged) {
        Map<String, PerModel> sorted = new TreeMap<>(models);
        header(b, "sluice_serve_requests_total", "counter", "Prediction requests by model and HTTP status, and refused requests.");
        sorted.forEach((model, m) -> new TreeMap<>(m.byStatus).forEach((status, n) ->
                b.append("sluice_serve_requests_total{model=").append(label(model)).append(",status=\"").append(status)
                        .append("\"} ").append(n.sum()).append('\n')));
        header(b, "sluice_serve_request_duration_seconds", "histogram", "Latency of prediction requests, parsing to response.");
        sorted.forEach((model, m) -> {
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += m.buckets[i].sum();
                b.append("sluice_serve_request_duration_seconds_bucket{model=").append(label(model)).append(",le=\"")
                        .append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
            }
            long count = m.count.sum();
            b.append("sluice_serve_request_duration_seconds_bucket{model=").append(label(model)).append(",le=\"+Inf\"} ")
                    .append(count).append('\n');
            b.append("sluice_serve_request_duration_seconds_sum{model=").append(label(model)).append("} ").append(m.sum.sum()).append('\n');
            b.append("sluice_serve_request_duration_seconds_count{model=").append(label(model)).append("} ").append(count).append('\n');
        });
        counter(b, sorted, "sluice_serve_rows_total", "Rows scored.", m -> m.rows.sum());
        counter(b, sorted, "sluice_serve_unseen_categories_total", "Categorical values not seen in training (encoded as unseen).",
                m -> m.unseen.sum());
        header(b, "sluice_serve_model_version", "gauge", "The registry version each served model reference is answering with.");
        versions.get().forEach((ref, v) -> b.append("sluice_serve_model_version{model=").append(label(ref.name()))
                .append(",alias=").append(label(ref.alias())).append("} ").append(v).append('\n'));
        counter(b, sorted, "sluice_serve_model_swaps_total", "Hot swaps to a new version after an alias moved.", m -> m.swaps.sum());
        counter(b, sorted, "sluice_serve_model_load_failures_total", "New versions that failed to load (the old one kept serving).",
                m -> m.loadFailures.sum());
        header(b, "sluice_serve_sink_errors_total", "counter", "Exceptions thrown by the prediction sink.");
        b.append("sluice_serve_sink_errors_total ").append(sinkErrors.sum()).append('\n');
        header(b, "sluice_serve_logged_rows_total", "counter",
                "Prediction log rows by outcome: written, dropped (the log was full: the sample is thinned), failed (a write failed).");
        b.append("sluice_serve_logged_rows_total{outcome=\"written\"} ").append(logged.written()).append('\n');
        b.append("sluice_serve_logged_rows_total{outcome=\"dropped\"} ").append(logged.dropped()).append('\n');
        b.append("sluice_serve_logged_rows_total{outcome=\"failed\"} ").append(logged.failed()).append('\n');
    }

    private static void counter(StringBuilder b, Map<String, PerModel> models, String name, String help,
                                java.util.function.ToLongFunction<PerModel> value) {
        header(b, name, "counter", help);
        models.forEach((model, m) -> {
            if (!model.isEmpty()) b.append(name).append("{model=").append(label(model)).append("} ").append(value.applyAsLong(m)).append('\n');
        });
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A label value, quoted and escaped as the text format wants. */
    private static String label(String v) {
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
