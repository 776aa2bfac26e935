package dev.sluice.monitor;

import dev.sluice.serve.FeatureRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Not a test: what the prediction log costs per churn-shaped row (19 fields, 15 of them text), in CPU time, which
 * waits for a core do not inflate: on the appending thread and on the writer thread. Enabled only with
 * {@code -Dsluice.probe=true} ({@code -Dtest=LogCostProbe}); prints, asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "sluice.probe", matches = "true")
class LogCostProbe {
    private static final String[] NAMES = {"gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
            "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport",
            "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges"};
    private static final String[] TYPES = {"string", "long", "string", "string", "long", "string", "string", "string",
            "string", "string", "string", "string", "string", "string", "string", "string", "string", "double", "double"};
    private static final String[] TEXT = {"Yes", "No", "Month-to-month", "Electronic check", "DSL", "Female"};

    /** A served row: a view over buffers the "server" refills per request, with fresh strings as a JSON parser makes. */
    private static final class Row implements FeatureRow {
        final double[] numbers = new double[NAMES.length];
        final String[] texts = new String[NAMES.length];

        @Override public int size() { return NAMES.length; }
        @Override public String name(int i) { return NAMES[i]; }
        @Override public String type(int i) { return TYPES[i]; }
        @Override public boolean isNull(int i) { return false; }
        @Override public double number(int i) { return numbers[i]; }
        @Override public String text(int i) { return texts[i]; }

        void fill(int r) {
            for (int i = 0; i < NAMES.length; i++) {
                if ("string".equals(TYPES[i])) texts[i] = new String(TEXT[(r + i) % TEXT.length]);
                else numbers[i] = "long".equals(TYPES[i]) ? r % 72 : r * 0.37 % 120;
            }
        }
    }

    /** Rows per second, about what wrk drives through {@code sluice serve} here. */
    private static final int RATE = 30_000;

    @Test
    void cpuPerLoggedRow(@TempDir Path home) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int rows = Integer.getInteger("sluice.probe.rows", 300_000);
        Row row = new Row();
        for (int round = 0; round < 3; round++) {
            try (PredictionLog log = PredictionLog.open(home.resolve("r" + round), PredictionLog.Options.DEFAULTS)) {
                long writerId = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("sluice-prediction-log")).findFirst().orElseThrow().threadId();
                long w0 = mx.getThreadCpuTime(writerId), c0 = mx.getCurrentThreadCpuTime(), appendNanos = 0, start = System.nanoTime();
                for (int r = 0; r < rows; r++) {
                    long due = start + r * 1_000_000_000L / RATE; // paced like served traffic, so the batches fill as they do
                    if (due - System.nanoTime() > 1_000_000) Thread.sleep(Duration.ofNanos(due - System.nanoTime()));
                    row.fill(r);
                    long t0 = System.nanoTime();
                    log.append("churn", 1, row, 0.5, null, 1_000L + r);
                    appendNanos += System.nanoTime() - t0;
                }
                long c1 = mx.getCurrentThreadCpuTime();
                log.flush();
                long w1 = mx.getThreadCpuTime(writerId);
                System.out.printf(Locale.ROOT, "PROBE log round %d: %d rows, written %d, dropped %d; appending thread %.2f us CPU per row"
                                + " (append alone %.2f us wall), writer thread %.2f us CPU per row%n", round, rows, log.written(), log.dropped(),
                        (c1 - c0) / 1e3 / rows, appendNanos / 1e3 / rows, (w1 - w0) / 1e3 / rows);
            }
        }
    }
}
