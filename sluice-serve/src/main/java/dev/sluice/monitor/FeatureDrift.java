package dev.sluice.monitor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One feature's comparison: PSI over the reference bins, and for numeric features the Kolmogorov-Smirnov
 * distance ({@code ks}), its lower bound ({@code ksLower}) and p-value (NaN for categorical features). The
 * bins' labels and the reference ({@code expected}) and current ({@code actual}) proportions explain the PSI.
 * Immutable.
 *
 * @param rows    current rows with a usable value (non-null and, for numbers, finite)
 * @param missing current rows that are null, NaN or infinite (they form the {@code missing} bin)
 * @param note    why a feature was skipped, or a remark
 */
public record FeatureDrift(String name, String kind, DriftStatus status, double psi, double ks, double ksLower,
                           double ksPValue, long rows, long missing, List<String> bins, double[] expected,
                           double[] actual, Optional<String> note) {
    public FeatureDrift {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        bins = List.copyOf(bins);
        Objects.requireNonNull(note, "note");
    }

    static FeatureDrift skipped(String name, String kind, String why) {
        return new FeatureDrift(name, kind, DriftStatus.SKIPPED, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                0, 0, List.of(), new double[0], new double[0], Optional.of(why));
    }
}
