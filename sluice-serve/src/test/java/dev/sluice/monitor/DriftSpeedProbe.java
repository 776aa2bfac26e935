package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not a test: measures one drift check of 28 numeric features x 100,000 current rows against profiles of
 * 1,000,000 training rows (the numpy/scipy comparison runs the same shapes). Run with
 * {@code -Dtest=DriftSpeedProbe -Dsluice.probe=true}; it prints, asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "sluice.probe", matches = "true")
class DriftSpeedProbe {
    @Test
    void twentyEightFeaturesTimesOneHundredThousandRows() {
        int features = 28, rows = 100_000, referenceRows = 1_000_000;
        Random rnd = new Random(42);
        StringBuilder json = new StringBuilder("{\"format\": \"sluice-profile/1\", \"rows\": " + referenceRows + ", \"columns\": {");
        List<Column> current = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            double[] train = new double[referenceRows];
            for (int i = 0; i < referenceRows; i++) train[i] = rnd.nextGaussian() * (1 + f % 3) + f;
            Arrays.sort(train);
            double[] dec = quantiles(train, 10), pct = quantiles(train, 100);
            double[] edges = Arrays.stream(dec).distinct().toArray();
            long[] counts = new long[edges.length - 1];
            for (double v : train) counts[DriftMonitor.bin(edges, v)]++;
            if (f > 0) json.append(", ");
            json.append("\"f").append(f).append("\": {\"type\": \"double\", \"count\": ").append(referenceRows)
                    .append(", \"nulls\": 0, \"nan\": 0, \"infinite\": 0, \"quantiles\": ").append(knots(dec, 10))
                    .append(", \"histogram\": {\"edges\": ").append(Arrays.toString(edges)).append(", \"counts\": ").append(Arrays.toString(counts))
                    .append("}, \"percentiles\": ").append(knots(pct, 100)).append("}");
            double[] cur = new double[rows];
            double shift = f % 4 == 0 ? 0.1 : 0;
            for (int i = 0; i < rows; i++) cur[i] = rnd.nextGaussian() * (1 + f % 3) + f + shift;
            current.add(new Column.Doubles("f" + f, cur, null));
        }
        json.append("}}");
        ReferenceProfile ref = ReferenceProfile.parse(json.toString(), "probe");
        Frame frame = new Frame(current);
        DriftMonitor monitor = new DriftMonitor(DriftThresholds.DEFAULTS);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            long t0 = System.nanoTime();
            List<FeatureDrift> out = monitor.compare(ref, frame, List.of());
            long t = System.nanoTime() - t0;
            best = Math.min(best, t);
            if (round == 29) System.out.printf(Locale.ROOT, "drifted: %d of %d%n", out.stream().filter(d -> d.status() == DriftStatus.DRIFT).count(), out.size());
        }
        long single = Long.MAX_VALUE, cpu = Long.MAX_VALUE;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 30; round++) {
            long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
            for (Column c : current) monitor.numeric((ReferenceProfile.Numeric) ref.feature(c.name()).orElseThrow(), c);
            single = Math.min(single, System.nanoTime() - t0);
            cpu = Math.min(cpu, threads.getCurrentThreadCpuTime() - c0);
        }
        System.out.printf(Locale.ROOT, "PROBE drift check 28 x 100000 vs 1000000 reference rows: best of 30 %.2f ms in parallel (%d cores);"
                        + " one thread %.2f ms wall, %.2f ms CPU%n",
                best / 1e6, Runtime.getRuntime().availableProcessors(), single / 1e6, cpu / 1e6);
    }

    private static double[] quantiles(double[] sorted, int steps) {
        double[] q = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double pos = (double) i / steps * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            q[i] = lo + 1 < sorted.length ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
        }
        return q;
    }

    private static String knots(double[] values, int steps) {
        double[] p = new double[steps + 1];
        for (int i = 0; i <= steps; i++) p[i] = (double) i / steps;
        return "{\"probabilities\": " + Arrays.toString(p) + ", \"values\": " + Arrays.toString(values) + "}";
    }
}
