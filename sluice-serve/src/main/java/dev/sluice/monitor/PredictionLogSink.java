package dev.sluice.monitor;

import dev.sluice.serve.FeatureRow;
import dev.sluice.serve.PredictionSink;

/**
 * Connects the model server to the {@link PredictionLog}: each scored row is copied compactly (the server reuses
 * its buffers) and queued; the request never waits on disk. The score is the positive class's probability for a
 * binary model, the first output otherwise. Thread-safe.
 */
public record PredictionLogSink(PredictionLog log) implements PredictionSink {
    @Override
    public void record(String model, int version, FeatureRow row, double[] output, long epochMillis) {
        double score = output.length == 2 ? output[1] : output.length > 0 ? output[0] : Double.NaN;
        log.append(model, version, row, score, null, epochMillis);
    }

    @Override
    public Counts counts() {
        return new Counts(log.written(), log.dropped(), log.failed());
    }
}
