package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A categorical feature's counts: rows and missing come from the missing bin, not from a category's bin. */
class CategoricalDriftTest {
    private static final ReferenceProfile.Categorical PLAN =
            new ReferenceProfile.Categorical("plan", 0, new String[] {"basic", "pro"}, new long[] {60, 40}, 0);

    @Test
    void nullsAreCountedAsMissingAndTheRestAsRowsWhateverTheLastCategoryHolds() {
        FeatureDrift f = new DriftMonitor(DriftThresholds.DEFAULTS).categorical(PLAN,
                new Column.Strings("plan", new String[] {"basic", "basic", null, "gold"}));
        // bins basic, pro, other, missing
        assertThat(f.actual()).containsExactly(0.5, 0, 0.25, 0.25);
        assertThat(f.missing()).isEqualTo(1);
        assertThat(f.rows()).isEqualTo(3);
    }
}
