package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the current window of a model's inputs with its training profile, feature by feature.
 *
 * <p><b>Numeric features</b>: PSI over the profile's histogram bins (edges from the training deciles), two
 * outer bins for values below the training minimum and above the training maximum (empty in the reference by
 * construction, so a constant training column still shows a shift), and a {@code missing} bin for null, NaN and
 * infinite values; and a Kolmogorov-Smirnov test of the finite values against the reference CDF
 * interpolated from the profile's percentiles (see {@link KolmogorovSmirnov} for the approximation).
 * <b>Text and boolean features</b>: PSI over the profile's top categories, an {@code other} bin (the profile's
 * other values and every category the training data did not have) and a {@code missing} bin. Empty bins are
 * smoothed as {@link Psi} says.
 *
 * <p>Only the window is binned at check time, on primitive arrays with a binary search over the edges; features
 * are compared in parallel. Stateless apart from its thresholds; thread-safe.
 *
 * <pre>{@code
 * ReferenceProfile ref = ReferenceProfile.read(Path.of("profile.json"));
 * List<FeatureDrift> drift = new DriftMonitor(DriftThresholds.DEFAULTS).compare(ref, TableIO.read(window), List.of());
 * }</pre>
 */
public final class DriftMonitor {
    private final DriftThresholds thresholds;

    public DriftMonitor(DriftThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public DriftThresholds thresholds() {
        return thresholds;
    }

    /**
     * One result per feature, in the order of {@code features}; when {@code features} is empty, every profile
     * column the window also has. A feature missing from the window or the profile is reported as skipped.
     */
    public List<FeatureDrift> compare(ReferenceProfile reference, Frame current, List<String> features) {
        List<String> names = features.isEmpty()
                ? reference.features().keySet().stream().filter(n -> current.find(n).isPresent()).toList()
                : features;
        return names.parallelStream().map(n -> compareOne(reference, current, n)).toList();
    }

    private FeatureDrift compareOne(ReferenceProfile reference, Frame current, String name) {
        Optional<ReferenceProfile.Feature> ref = reference.feature(name);
        Optional<Column> col = current.find(name);
        if (ref.isEmpty()) return FeatureDrift.skipped(name, "unknown", "not in the reference profile (or no finite values there)");
        if (col.isEmpty()) return FeatureDrift.skipped(name, kind(ref.get()), "not in the current data");
        return switch (ref.get()) {
            case ReferenceProfile.Numeric n -> numeric(n, col.get());
            case ReferenceProfile.Categorical c -> categorical(c, col.get());
        };
    }

    private static String kind(ReferenceProfile.Feature f) {
        return f instanceof ReferenceProfile.Numeric ? "numeric" : "categorical";
    }

    FeatureDrift numeric(ReferenceProfile.Numeric ref, Column column) {
        int size = column.size();
        double[] values = new double[size];
        int n = 0;
        switch (column) {
            case Column.Doubles d -> {
                double[] src = d.values();
                for (int i = 0; i < size; i++) {
                    double v = src[i];
                    if (Double.isFinite(v) && !d.isNull(i)) values[n++] = v;
                }
            }
            case Column.Longs l -> {
                long[] src = l.values();
                for (int i = 0; i < size; i++) if (!l.isNull(i)) values[n++] = src[i];
            }
            default -> {
                return FeatureDrift.skipped(ref.name(), "numeric", "numeric in the profile but " + column.type().label() + " in the current data");
            }
        }
        long missing = size - n;
        if (size == 0) return FeatureDrift.skipped(ref.name(), "numeric", "no rows in the current data");
        double[] edges = ref.edges();
        int bins = edges.length - 1;
        // bins: below the training minimum, the profile's bins, above the training maximum, missing
        long[] actual = new long[bins + 3];
        double lo = edges[0], hi = edges[bins];
        double[] padded = Search.pad(Arrays.copyOf(edges, bins));   // bin starts; the last bin is closed
        for (int i = 0; i < n; i++) {
            double v = values[i];
            actual[v < lo ? 0 : v > hi ? bins + 1 : 1 + Search.floor(padded, v)]++;
        }
        actual[bins + 2] = missing;
        long[] expected = new long[bins + 3];
        System.arraycopy(ref.counts(), 0, expected, 1, bins);
        expected[bins + 2] = ref.missing();
        double psi = Psi.of(expected, actual);
        KolmogorovSmirnov.Result ks = ref.knotValues().length == 0 || n == 0
                ? new KolmogorovSmirnov.Result(Double.NaN, Double.NaN, Double.NaN)
                : new KolmogorovSmirnov(ref.knotValues(), ref.knotProbabilities()).test(values, n, ref.count());
        List<String> labels = new ArrayList<>(bins + 3);
        labels.add("< " + num(lo));
        for (int i = 0; i < bins; i++) {
            labels.add("[" + num(edges[i]) + ", " + num(edges[i + 1]) + (i + 1 == bins ? "]" : ")"));
        }
        labels.add("> " + num(hi));
        labels.add("missing");
        return new FeatureDrift(ref.name(), "numeric", thresholds.classify(psi, ks.pValue()), psi, ks.d(), ks.lower(),
                ks.pValue(), n, missing, labels, proportions(expected), proportions(actual), Optional.empty());
    }

    FeatureDrift categorical(ReferenceProfile.Categorical ref, Column column) {
        Map<String, Integer> index = ref.index();
        int k = ref.values().length;
        long[] actual = new long[k + 2];           // categories, other, missing
        int size = column.size();
        if (size == 0) return FeatureDrift.skipped(ref.name(), "categorical", "no rows in the current data");
        switch (column) {
            case Column.Strings s -> {
                String[] src = s.values();
                for (String v : src) actual[v == null ? k + 1 : index.getOrDefault(v, k)]++;
            }
            case Column.Bools b -> {
                int t = index.getOrDefault("true", k), f = index.getOrDefault("false", k);
                boolean[] src = b.values();
                for (int i = 0; i < size; i++) actual[b.isNull(i) ? k + 1 : src[i] ? t : f]++;
            }
            case Column.Longs l -> {
                long[] src = l.values();
                for (int i = 0; i < size; i++) actual[l.isNull(i) ? k + 1 : index.getOrDefault(Long.toString(src[i]), k)]++;
            }
            case Column.Doubles d -> {
                return FeatureDrift.skipped(ref.name(), "categorical", "categorical in the profile but double in the current data");
            }
        }
        long[] expected = Arrays.copyOf(ref.counts(), k + 2);
        expected[k] = ref.other();
        expected[k + 1] = ref.missing();
        double psi = Psi.of(expected, actual);
        List<String> labels = new ArrayList<>(List.of(ref.values()));
        labels.add("other");
        labels.add("missing");
        long missing = actual[k + 1];
        return new FeatureDrift(ref.name(), "categorical", thresholds.classify(psi, Double.NaN), psi, Double.NaN,
                Double.NaN, Double.NaN, size - missing, missing, labels, proportions(expected), proportions(actual), Optional.empty());
    }

    private static double[] proportions(long[] counts) {
        double total = 0;
        for (long c : counts) total += c;
        double[] out = new double[counts.length];
        if (total > 0) for (int i = 0; i < counts.length; i++) out[i] = counts[i] / total;
        return out;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
