package dev.sluice.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How {@link ReplacementTiming} measures a case: both sides alternating round by round after a warm-up round, the
 * median time per operation, and the heap each side's result retains. Cases add what they compute to {@link #sink}
 * so that the JIT cannot drop the work. Single-threaded.
 */
final class SideBySide {
    private SideBySide() {
    }

    /** Where cases put a value derived from each result, so that the work is not optimised away. */
    static int sink;

    /** Runs both sides {@code rounds} times, alternating which goes first, after one warm-up round; prints medians. */
    static void compare(String name, int rounds, int ops, Runnable ours, Runnable library) {
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

    static void retained(String name, int count, Supplier<Object> ours, Supplier<Object> library) {
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
