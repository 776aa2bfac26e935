package dev.sluice.serve;

/**
 * Receives every prediction the server makes, after it is made: the model name and version, the parsed input row,
 * the output and the time. The prediction log and the drift monitor plug in here.
 *
 * <p>Contract: called on the request's thread, once per row, after the whole request validated and was scored (a
 * request that fails with 400 records nothing). {@code row} and {@code output} are buffers the server reuses:
 * copy what you keep. Must be fast and must not block or do disk I/O (hand rows to a queue and write in batches
 * elsewhere); an exception is caught, logged once and counted in {@code sluice_serve_sink_errors_total}, and never
 * fails the request. Implementations must be thread-safe: many requests call it at once.
 *
 * <pre>{@code
 * PredictionSink sink = (model, version, row, output, epochMillis) -> queue.offer(row.toMap());
 * }</pre>
 */
@FunctionalInterface
public interface PredictionSink {
    /** Does nothing. */
    PredictionSink NONE = (model, version, row, output, epochMillis) -> { };

    /**
     * @param model       the served model's name
     * @param version     the registry version that made the prediction
     * @param row         the parsed input row (valid during this call only)
     * @param output      class probabilities in label order, or one regression value (valid during this call only)
     * @param epochMillis when the prediction was made
     */
    void record(String model, int version, FeatureRow row, double[] output, long epochMillis);

    /** What became of the recorded rows so far, for {@code /metrics}; {@link Counts#NONE} for a sink that keeps no count. */
    default Counts counts() {
        return Counts.NONE;
    }

    /** Rows written, dropped (the sink was full or closed) and lost to failed writes. */
    record Counts(long written, long dropped, long failed) {
        public static final Counts NONE = new Counts(0, 0, 0);
    }
}
