package dev.sluice.serve;

import dev.sluice.serve.model.RequestException;
import dev.sluice.serve.model.RowParser;
import dev.sluice.serve.model.RowValues;
import dev.sluice.serve.model.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/models/{name}/predict}: parses and validates the rows, scores them all with the one version the slot
 * holds when the request starts, hands each to the {@link PredictionSink} and writes the response by hand. Per
 * request it allocates the row buffers, one feature vector and one output vector (reused across rows) and the
 * response text. Thread-safe.
 */
final class PredictEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(PredictEndpoint.class);

    /** An answer: HTTP status and JSON body. */
    record Answer(int status, String body, int rows, int unseen) {}

    private final PredictionSink sink;
    private final ServeMetrics metrics;
    private final AtomicBoolean sinkErrorLogged = new AtomicBoolean();

    PredictEndpoint(PredictionSink sink, ServeMetrics metrics) {
        this.sink = sink;
        this.metrics = metrics;
    }

    Answer predict(ServedModel served, byte[] body) {
        ScoringModel m = served.model();
        RowParser.Parsed parsed;
        try {
            parsed = RowParser.parse(body, m.schema());
        } catch (RequestException e) {
            return new Answer(400, error(e), 0, 0);
        }
        List<RowValues> rows = parsed.rows();
        double[] x = new double[m.features()];
        double[] out = new double[m.outputs()];
        StringBuilder b = new StringBuilder(96 + rows.size() * (24 + 40 * out.length));
        b.append("{\"model\":");
        Json.quote(b, served.ref().name());
        b.append(",\"version\":").append(served.number());
        if (parsed.batch()) b.append(",\"predictions\":[");
        String name = served.ref().name();
        int version = served.number();
        int unseen = 0;
        for (int r = 0; r < rows.size(); r++) {
            RowValues row = rows.get(r);
            unseen += m.score(row, x, out);
            if (parsed.batch()) {
                if (r > 0) b.append(',');
                b.append('{');
                writePrediction(b, served, out);
                b.append('}');
            } else {
                b.append(',');
                writePrediction(b, served, out);
            }
            record(name, version, row, out);
        }
        if (parsed.batch()) b.append(']');
        if (!parsed.unknown().isEmpty()) {
            b.append(",\"ignored_fields\":[");
            int i = 0;
            for (String f : parsed.unknown()) {
                if (i++ > 0) b.append(',');
                Json.quote(b, f);
            }
            b.append(']');
        }
        b.append('}');
        return new Answer(200, b.toString(), rows.size(), unseen);
    }

    private static void writePrediction(StringBuilder b, ServedModel served, double[] out) {
        if (!served.model().classification()) {
            b.append("\"value\":");
            Json.number(b, out[0]);
            return;
        }
        int best = 0;
        for (int j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
        String[] labels = served.labelJson();
        b.append("\"label\":").append(labels[best]).append(",\"probabilities\":{");
        for (int j = 0; j < out.length; j++) {
            if (j > 0) b.append(',');
            b.append(labels[j]).append(':');
            Json.number(b, out[j]);
        }
        b.append('}');
    }

    private void record(String model, int version, RowValues row, double[] out) {
        if (sink == PredictionSink.NONE) return;
        try {
            sink.record(model, version, row, out, System.currentTimeMillis());
        } catch (RuntimeException e) {
            metrics.sinkError();
            if (sinkErrorLogged.compareAndSet(false, true)) {
                LOG.warn("the prediction sink failed ({}); predictions are still answered. Further sink errors are only"
                        + " counted in sluice_serve_sink_errors_total", e.toString());
            }
        }
    }

    static String error(RequestException e) {
        StringBuilder b = new StringBuilder("{\"error\":");
        Json.quote(b, e.getMessage());
        e.field().ifPresent(f -> {
            b.append(",\"field\":");
            Json.quote(b, f);
        });
        e.expected().ifPresent(t -> {
            b.append(",\"expected\":");
            Json.quote(b, t);
        });
        if (e.row() >= 0) b.append(",\"row\":").append(e.row());
        return b.append('}').toString();
    }

    static String error(String message) {
        StringBuilder b = new StringBuilder("{\"error\":");
        Json.quote(b, message);
        return b.append('}').toString();
    }
}
