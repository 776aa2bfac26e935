package dev.sluice.bench;

import dev.sluice.api.SourceLocation;
import dev.sluice.exec.CanonicalJsonAccess;
import dev.sluice.ml.model.linear.Lbfgs;
import dev.sluice.monitor.KolmogorovSmirnovAccess;
import dev.sluice.pipeline.internal.Copies;
import dev.sluice.pipeline.internal.Locations;
import dev.sluice.pipeline.internal.NameIndex;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The replacement audit of docs/replacements.md: each hand-written replacement of a library against that library, in
 * one JVM, the two sides alternating round by round, medians. Prints one line per case: time per operation of
 * each side, their ratio, and where the replacement was made for memory, the bytes each side retains.
 *
 * <pre>{@code java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.ReplacementTiming [rounds] [case...]}</pre>
 *
 * Cases: {@code canonical-json}, {@code name-index}, {@code small-map}, {@code locations}, {@code ks},
 * {@code lbfgs}. Build: {@code ./mvnw -B -q -Pbench -pl sluice-bench -am package -DskipTests}.
 */
public final class ReplacementTiming {
    private static int sink;

    private ReplacementTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        List<String> cases = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("canonical-json", "name-index", "small-map", "locations", "ks", "lbfgs");
        for (String c : cases) {
            switch (c) {
                case "canonical-json" -> canonicalJson(rounds);
                case "canonical-json-cold-ours", "canonical-json-cold-library" -> canonicalJsonCold(c.endsWith("ours"));
                case "name-index" -> nameIndex(rounds);
                case "name-index-spread" -> nameIndexSpread(rounds);
                case "small-map" -> smallMap(rounds);
                case "locations" -> locations(rounds);
                case "ks" -> ks(rounds);
                case "lbfgs" -> lbfgs(rounds);
                case "forest" -> forest(rounds);
                default -> throw new IllegalArgumentException("unknown case " + c);
            }
        }
    }

    /**
     * What a fresh JVM pays for the keys of a 1,000-step run: the first 1,000 texts, class loading and
     * interpretation included. Run once per JVM ({@code bench/replacements/run.py --only json} alternates them).
     */
    private static void canonicalJsonCold(boolean ours) throws Exception {
        List<Map<String, Object>> parts = keyParts();
        long t = System.nanoTime();
        if (ours) {
            for (Map<String, Object> p : parts) sink += CanonicalJsonAccess.write(p).length();
        } else {
            var jackson = new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            for (Map<String, Object> p : parts) sink += jackson.writeValueAsString(p).length();
        }
        System.out.printf(Locale.ROOT, "%.3f%n", (System.nanoTime() - t) / 1e6);
    }

    /** A step's cache-key parts as CacheKeys builds them: component, version, parameters, input digests. */
    private static void canonicalJson(int rounds) throws Exception {
        List<Map<String, Object>> parts = keyParts();
        var jackson = CanonicalJsonAccess.jackson();
        for (Map<String, Object> p : parts) {
            if (!CanonicalJsonAccess.write(p).equals(jackson.writeValueAsString(p))) throw new AssertionError("texts differ: " + p);
        }
        int ops = parts.size() * 20;
        compare("canonical-json (cache-key parts to text)", rounds, ops,
                () -> { for (int k = 0; k < 20; k++) for (Map<String, Object> p : parts) sink += write(p).length(); },
                () -> { for (int k = 0; k < 20; k++) for (Map<String, Object> p : parts) sink += jackson(jackson, p).length(); });
    }

    private static List<Map<String, Object>> keyParts() {
        Random r = new Random(7);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("max_depth", 2 + r.nextInt(6));
            params.put("eta", r.nextDouble());
            params.put("target", "Churn");
            params.put("rounds", 300L);
            params.put("columns", List.of("a", "b\t", "c\"" + i));
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("train", "sha256:" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
            inputs.put("test", "sha256:" + Long.toHexString(r.nextLong()));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("step", "gbdt-" + i);
            p.put("uses", "xgboost");
            p.put("version", 3);
            p.put("params", params);
            p.put("inputs", inputs);
            p.put("env", Map.of());
            parts.add(p);
        }
        return parts;
    }

    private static String write(Object v) {
        try {
            return CanonicalJsonAccess.write(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jackson(com.fasterxml.jackson.databind.ObjectMapper m, Object v) {
        try {
            return m.writeValueAsString(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One million step names to their positions: built once, each looked up once. */
    private static void nameIndex(int rounds) {
        int n = 1_000_000;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = "layer" + (i / 100) + "_step" + (i % 100);
        retained("name-index, bytes per name", n, () -> nameIndexRun(names), () -> hashMapRun(names));
        compare("name-index (1M names: build, look each up)", rounds, n, () -> nameIndexRun(names), () -> hashMapRun(names));
    }

    /**
     * NameIndex with its hash spread by a multiplication (Fibonacci hashing) against the same HashMap, on the step
     * names of the planning benchmark ({@code s0} ... {@code s999999}, consecutive hash codes).
     */
    private static void nameIndexSpread(int rounds) {
        int n = 1_000_000;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = "s" + i;
        compare("name-index today (1M names s0..s999999)", rounds, n, () -> nameIndexRun(names), () -> hashMapRun(names));
        compare("name-index spread (1M names s0..s999999)", rounds, n, () -> spreadRun(names), () -> hashMapRun(names));
    }

    private static Object nameIndexRun(String[] names) {
        NameIndex index = new NameIndex(names.length);
        for (int i = 0; i < names.length; i++) index.add(names[i], i);
        long sum = 0;
        for (String name : names) sum += index.indexOf(name);
        sink += (int) sum;
        return index;
    }

    private static Object spreadRun(String[] names) {
        SpreadIndex index = new SpreadIndex(names.length);
        for (int i = 0; i < names.length; i++) index.add(names[i], i);
        long sum = 0;
        for (String name : names) sum += index.indexOf(name);
        sink += (int) sum;
        return index;
    }

    private static Object hashMapRun(String[] names) {
        HashMap<String, Integer> index = HashMap.newHashMap(names.length);
        for (int i = 0; i < names.length; i++) index.putIfAbsent(names[i], i);
        long sum = 0;
        for (String name : names) sum += index.get(name);
        sink += (int) sum;
        return index;
    }

    /** NameIndex's two arrays, the slot from a multiplicative hash. */
    private static final class SpreadIndex {
        private final String[] names;
        private final int[] positions;
        private final int shift;
        private final int mask;

        SpreadIndex(int capacity) {
            int size = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
            names = new String[size];
            positions = new int[size];
            shift = 32 - Integer.numberOfTrailingZeros(size);
            mask = size - 1;
        }

        boolean add(String name, int position) {
            int i = slot(name);
            if (names[i] != null) return false;
            names[i] = name;
            positions[i] = position;
            return true;
        }

        int indexOf(String name) {
            int i = slot(name);
            return names[i] == null ? -1 : positions[i];
        }

        private int slot(String name) {
            int i = (name.hashCode() * 0x9E3779B9) >>> shift;
            while (names[i] != null && !names[i].equals(name)) i = (i + 1) & mask;
            return i;
        }
    }

    /** A million {@code with:} maps of three entries, as Copies.ordered keeps them, each read by key. */
    private static void smallMap(int rounds) {
        int n = 1_000_000;
        List<Map<String, Object>> sources = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", "data/f" + i + ".csv");
            m.put("target", "y");
            m.put("rounds", i);
            sources.add(m);
        }
        Supplier<Object> ours = () -> {
            Object[] maps = new Object[n];
            for (int i = 0; i < n; i++) maps[i] = Copies.ordered(sources.get(i & 15));
            for (Object m : maps) sink += ((Map<?, ?>) m).get("rounds").hashCode();
            return maps;
        };
        Supplier<Object> library = () -> {
            Object[] maps = new Object[n];
            for (int i = 0; i < n; i++) maps[i] = Collections.unmodifiableMap(new LinkedHashMap<>(sources.get(i & 15)));
            for (Object m : maps) sink += ((Map<?, ?>) m).get("rounds").hashCode();
            return maps;
        };
        retained("small-map, bytes per map", n, ours, library);
        compare("small-map (1M ordered 3-entry maps: copy, get)", rounds, n, () -> ours.get(), () -> library.get());
    }

    /** The source positions of 100,000 steps of four paths each, as the YAML loader records them, then found. */
    private static void locations(int rounds) {
        int steps = 100_000;
        String[] names = new String[steps];
        for (int i = 0; i < steps; i++) names[i] = "s" + i;
        String[] suffixes = {".uses", ".with.path", ".inputs.in", ".with.rounds"};
        Supplier<Object> ours = () -> {
            Locations.Builder b = Locations.builder("p.yaml");
            for (int i = 0; i < steps; i++) {
                b.startStep(names[i]);
                for (int k = 0; k < suffixes.length; k++) b.putIfAbsent("steps." + names[i] + suffixes[k], 3 + 4 * i + k, 5);
            }
            Locations l = b.build();
            sink += l.get("steps." + names[steps / 2] + ".with.path").line();
            return l;
        };
        Supplier<Object> library = () -> {
            Map<String, SourceLocation> l = new HashMap<>();
            for (int i = 0; i < steps; i++) {
                for (int k = 0; k < suffixes.length; k++) l.putIfAbsent("steps." + names[i] + suffixes[k], new SourceLocation("p.yaml", 3 + 4 * i + k, 5));
            }
            sink += l.get("steps." + names[steps / 2] + ".with.path").line();
            return l;
        };
        retained("locations, bytes per step", steps, ours, library);
        compare("locations (100k steps x 4 paths: record)", rounds, steps, () -> ours.get(), () -> library.get());
    }

    /**
     * One feature's KS check: a reference known by 101 percentiles of 1,000,000 training rows, 100,000 current rows.
     * The library side is commons-math3's one-sample test against the same interpolated CDF.
     */
    private static void ks(int rounds) {
        Random r = new Random(11);
        double[] train = new double[1_000_000];
        for (int i = 0; i < train.length; i++) train[i] = r.nextGaussian();
        Arrays.sort(train);
        double[] knots = new double[101], p = new double[101];
        for (int k = 0; k <= 100; k++) {
            p[k] = k / 100.0;
            knots[k] = train[(int) Math.min(train.length - 1, Math.round(k / 100.0 * (train.length - 1)))];
        }
        double[] current = new double[100_000];
        for (int i = 0; i < current.length; i++) current[i] = 0.05 + r.nextGaussian();
        Interpolated reference = new Interpolated(knots, p);
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
        double[] oursResult = KolmogorovSmirnovAccess.test(knots, p, current, train.length);
        double libraryD = test.kolmogorovSmirnovStatistic(reference, current);
        System.out.printf(Locale.ROOT, "ks: ours d=%.6f lower=%.6f p=%.3g; commons-math3 d=%.6f%n",
                oursResult[0], oursResult[1], oursResult[2], libraryD);
        compare("ks (101 knots, 100k values: statistic)", rounds, current.length,
                () -> sink += (int) (1e6 * KolmogorovSmirnovAccess.test(knots, p, current, train.length)[0]),
                () -> sink += (int) (1e6 * test.kolmogorovSmirnovStatistic(reference, current)));
    }

    /** The reference CDF of KolmogorovSmirnov (linear between distinct knots) as a commons-math3 distribution. */
    private static final class Interpolated extends AbstractRealDistribution {
        private final double[] x;
        private final double[] p;

        Interpolated(double[] x, double[] p) {
            super(null);
            this.x = x;
            this.p = p;
        }

        @Override
        public double cumulativeProbability(double v) {
            if (v < x[0]) return 0;
            if (v >= x[x.length - 1]) return 1;
            int i = Arrays.binarySearch(x, v);
            if (i >= 0) {
                while (i + 1 < x.length && x[i + 1] == v) i++;
                return p[i];
            }
            int hi = -i - 1, lo = hi - 1;
            return p[lo] + (p[hi] - p[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
        }

        @Override public double density(double v) { throw new UnsupportedOperationException(); }
        @Override public double getNumericalMean() { return Double.NaN; }
        @Override public double getNumericalVariance() { return Double.NaN; }
        @Override public double getSupportLowerBound() { return x[0]; }
        @Override public double getSupportUpperBound() { return x[x.length - 1]; }
        @Override public boolean isSupportLowerBoundInclusive() { return true; }
        @Override public boolean isSupportUpperBoundInclusive() { return true; }
        @Override public boolean isSupportConnected() { return true; }
    }

    /**
     * L2 logistic regression on 100,000 seeded rows of 28 features (C = 1): our L-BFGS against commons-math3's
     * non-linear conjugate gradient (Polak-Ribière; commons-math3 and Hipparchus have no L-BFGS), both to the same
     * relative change of the objective.
     */
    private static void lbfgs(int rounds) {
        int rows = 100_000, d = 28;
        Random r = new Random(5);
        double[][] x = new double[rows][d];
        double[] y = new double[rows];
        double[] w = new double[d];
        for (int f = 0; f < d; f++) w[f] = r.nextGaussian();
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int f = 0; f < d; f++) {
                x[i][f] = r.nextGaussian() * (1 + f % 4);
                z += w[f] * x[i][f] / (1 + f % 4);
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        int[] evaluations = new int[1];
        Lbfgs.Objective loss = (b, g) -> {
            evaluations[0]++;
            Arrays.fill(g, 0);
            double v = 0;
            for (int i = 0; i < rows; i++) {
                double z = b[d];
                double[] xi = x[i];
                for (int f = 0; f < d; f++) z += b[f] * xi[f];
                double pr = 1 / (1 + Math.exp(-z));
                v += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z;
                double e = pr - y[i];
                for (int f = 0; f < d; f++) g[f] += e * xi[f];
                g[d] += e;
            }
            for (int f = 0; f < d; f++) {
                v += 0.5 * b[f] * b[f];
                g[f] += b[f];
            }
            return v;
        };
        double ftol = 2.2e-9;
        double[][] found = new double[2][];
        int[][] counted = new int[2][1];
        Runnable ours = () -> {
            evaluations[0] = 0;
            Lbfgs.Result res = new Lbfgs(10, 1000, 1e-4 * rows, ftol).minimize(loss, new double[d + 1], () -> false);
            found[0] = new double[] {res.value(), res.iterations()};
            counted[0][0] = evaluations[0];
        };
        Runnable library = () -> {
            evaluations[0] = 0;
            double[] grad = new double[d + 1];
            MultivariateFunction value = b -> loss.evaluate(b, grad);
            MultivariateVectorFunction gradient = b -> {
                double[] g = new double[d + 1];
                loss.evaluate(b, g);
                return g;
            };
            NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
                    NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(ftol, -1));
            PointValuePair res = opt.optimize(new MaxEval(100_000), new MaxIter(1000), new ObjectiveFunction(value),
                    new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE, new InitialGuess(new double[d + 1]));
            found[1] = new double[] {res.getValue(), opt.getIterations()};
            counted[1][0] = evaluations[0];
        };
        ours.run();
        library.run();
        System.out.printf(Locale.ROOT, "lbfgs: ours loss %.6f in %d iterations, %d evaluations; commons-math3 CG loss %.6f in %d iterations, %d evaluations%n",
                found[0][0], (int) found[0][1], counted[0][0], found[1][0], (int) found[1][1], counted[1][0]);
        compare("lbfgs (logistic, 100k x 28: one fit)", rounds, 1, ours, library);
    }

    /**
     * A random forest of 50 trees (depth 12, sqrt(features) per split, one thread) on 20,000 seeded rows of 20
     * features, judged by AUC on 5,000 more: ForestTrainer against Tribuo's RandomForestTrainer of CART trees.
     */
    private static void forest(int rounds) {
        int rows = 20_000, test = 5_000, d = 20;
        Random r = new Random(9);
        double[][] x = new double[rows + test][d];
        int[] y = new int[rows + test];
        double[] w = new double[d];
        for (int f = 0; f < d; f++) w[f] = r.nextGaussian();
        for (int i = 0; i < rows + test; i++) {
            double z = 0;
            for (int f = 0; f < d; f++) {
                x[i][f] = r.nextGaussian();
                z += w[f] * x[i][f] + (f % 5 == 0 ? 0.5 * x[i][f] * x[i][f] : 0);
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        double[][] trainX = new double[d][rows];   // ForestTrainer reads columns
        for (int i = 0; i < rows; i++) for (int f = 0; f < d; f++) trainX[f][i] = x[i][f];
        int[] trainY = Arrays.copyOf(y, rows);
        String[] names = new String[d];
        for (int f = 0; f < d; f++) names[f] = "f" + f;
        org.tribuo.classification.LabelFactory labels = new org.tribuo.classification.LabelFactory();
        org.tribuo.MutableDataset<org.tribuo.classification.Label> data = new org.tribuo.MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("bench", labels), labels);
        for (int i = 0; i < rows; i++) data.add(new org.tribuo.impl.ArrayExample<>(new org.tribuo.classification.Label(String.valueOf(y[i])), names, x[i]));
        int features = (int) Math.round(Math.sqrt(d));
        Object[] models = new Object[2];
        Runnable ours = () -> models[0] = new dev.sluice.ml.model.tree.ForestTrainer(50, 12, 1, features, 42)
                .classify(trainX, trainY, 2, 1, () -> false);
        Runnable library = () -> models[1] = new org.tribuo.common.tree.RandomForestTrainer<>(
                new org.tribuo.classification.dtree.CARTClassificationTrainer(12, (float) features / d, 42),
                new org.tribuo.classification.ensemble.VotingCombiner(), 50, 42).train(data);
        ours.run();
        library.run();
        double[] so = new double[test], sl = new double[test];
        boolean[] pos = new boolean[test];
        double[] out = new double[2];
        @SuppressWarnings("unchecked")
        org.tribuo.Model<org.tribuo.classification.Label> tribuo = (org.tribuo.Model<org.tribuo.classification.Label>) models[1];
        for (int i = 0; i < test; i++) {
            ((dev.sluice.ml.model.tree.Forest) models[0]).predict(x[rows + i], out);
            so[i] = out[1];
            var scores = tribuo.predict(new org.tribuo.impl.ArrayExample<>(labels.getUnknownOutput(), names, x[rows + i])).getOutputScores();
            sl[i] = scores.containsKey("1") ? scores.get("1").getScore() : 0;
            pos[i] = y[rows + i] == 1;
        }
        System.out.printf(Locale.ROOT, "forest: test AUC ours %.4f, Tribuo %.4f%n",
                dev.sluice.ml.model.eval.Auc.of(so, pos), dev.sluice.ml.model.eval.Auc.of(sl, pos));
        compare("forest (50 trees, 20k x 20, one thread: fit)", rounds, 1, ours, library);
    }

    /** Runs both sides {@code rounds} times, alternating which goes first, after one warm-up round; prints medians. */
    private static void compare(String name, int rounds, int ops, Runnable ours, Runnable library) {
        ours.run();
        library.run();
        double[] a = new double[rounds], b = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                a[i] = time(ours);
                b[i] = time(library);
            } else {
                b[i] = time(library);
                a[i] = time(ours);
            }
        }
        double ma = median(a) / ops, mb = median(b) / ops;
        System.out.printf(Locale.ROOT, "%s: ours %s, library %s, ours/library %.2f (median of %d)%n",
                name, nanos(ma), nanos(mb), ma / mb, rounds);
    }

    private static void retained(String name, int count, Supplier<Object> ours, Supplier<Object> library) {
        double[] as = new double[3], bs = new double[3];
        for (int i = 0; i < 3; i++) {
            as[i] = retainedBytes(ours);
            bs[i] = retainedBytes(library);
        }
        double a = median(as), b = median(bs);
        System.out.printf(Locale.ROOT, "%s: ours %.1f, library %.1f, ours/library %.2f%n",
                name, a / count, b / count, a / b);
    }

    private static long retainedBytes(Supplier<Object> build) {
        long before = used();
        Object kept = build.get();
        long after = used();
        sink += System.identityHashCode(kept);
        return after - before;
    }

    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String nanos(double ns) {
        if (ns >= 1e6) return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        if (ns >= 1e3) return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
        return String.format(Locale.ROOT, "%.1f ns", ns);
    }
}
