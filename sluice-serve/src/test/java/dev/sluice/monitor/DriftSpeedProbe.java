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
 * Not a test: the Sluice side of {@code bench/drift/run}, which runs it beside {@code bench/drift/drift_baseline.py}
 * (numpy/scipy, same shapes). Measures the drift check of 28 numeric features x {@code sluice.probe.rows} (100,000)
 * current rows against profiles of {@code sluice.probe.referenceRows} (1,000,000) training rows and prints one JSON
 * line: the median of {@code sluice.probe.rounds} (15) rounds. Enabled only with {@code -Dsluice.probe=true}; it
 * asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "sluice.probe", matches = "true")
class DriftSpeedProbe {
    @Test
    void twentyEightFeaturesTimesOneHundredThousandRows() {
        int features = 28, rows = Integer.getInteger("sluice.probe.rows", 100_000);
        int referenceRows = Integer.getInteger("sluice.probe.referenceRows", 1_000_000), rounds = Integer.getInteger("sluice.probe.rounds", 15);
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
            for (double v : train) counts[bin(edges, v)]++;
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
        long[] parallel = new long[rounds], single = new long[rounds], cpu = new long[rounds];
        long drifted = 0;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) monitor.compare(ref, frame, List.of()); // warm-up
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            List<FeatureDrift> out = monitor.compare(ref, frame, List.of());
            parallel[round] = System.nanoTime() - t0;
            drifted = out.stream().filter(d -> d.status() == DriftStatus.DRIFT).count();
            t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            for (Column c : current) monitor.numeric((ReferenceProfile.Numeric) ref.feature(c.name()).orElseThrow(), c);
            single[round] = System.nanoTime() - t0;
            cpu[round] = threads.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf(Locale.ROOT, "{\"side\": \"sluice\", \"features\": %d, \"rows\": %d, \"reference_rows\": %d, \"rounds\": %d,"
                        + " \"wall_ms\": %.3f, \"cores\": %d, \"thread_wall_ms\": %.3f, \"cpu_ms\": %.3f, \"drifted\": %d}%n",
                features, rows, referenceRows, rounds, median(parallel) / 1e6, Runtime.getRuntime().availableProcessors(),
                median(single) / 1e6, median(cpu) / 1e6, drifted);
    }

    /** The histogram bin {@code [edges[i], edges[i+1])} of a training value (the last bin closed). */
    private static int bin(double[] edges, double v) {
        int i = java.util.Arrays.binarySearch(edges, 0, edges.length - 1, v);
        if (i < 0) i = -i - 2;                   // the insertion point minus one: the bin that starts below v
        while (i + 1 < edges.length - 1 && edges[i + 1] <= v) i++;   // equal edges: the last bin that starts at v
        return Math.max(0, i);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
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
