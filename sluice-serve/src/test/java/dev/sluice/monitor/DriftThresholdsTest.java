package dev.sluice.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * README's status rule, at its edges: drift when PSI &gt; 0.2 or KS p &lt; 0.01, warning when PSI &gt; 0.1, else ok;
 * and the {@code --threshold NAME=VALUE} settings that change it.
 */
class DriftThresholdsTest {
    private final DriftThresholds t = DriftThresholds.DEFAULTS;

    @Test
    void aValueExactlyAtAThresholdDoesNotCrossIt() {
        assertThat(t.classify(0.2, 0.5)).isEqualTo(DriftStatus.WARNING);
        assertThat(t.classify(Math.nextUp(0.2), 0.5)).isEqualTo(DriftStatus.DRIFT);
        assertThat(t.classify(0.1, 0.5)).isEqualTo(DriftStatus.OK);
        assertThat(t.classify(Math.nextUp(0.1), 0.5)).isEqualTo(DriftStatus.WARNING);
        assertThat(t.classify(0.0, 0.01)).isEqualTo(DriftStatus.OK);
        assertThat(t.classify(0.0, Math.nextDown(0.01))).isEqualTo(DriftStatus.DRIFT);
    }

    @Test
    void settingsChangeOneThresholdByNameWhateverTheCaseAndSpaces() {
        assertThat(t.with(" PSI = 0.3 ")).isEqualTo(new DriftThresholds(0.3, 0.1, 0.01));
        assertThat(t.with("psi=0.05")).as("a drift threshold below the warning one lowers it too")
                .isEqualTo(new DriftThresholds(0.05, 0.05, 0.01));
        assertThat(t.with("psi_warning=0.15")).isEqualTo(new DriftThresholds(0.2, 0.15, 0.01));
        assertThat(t.with("warning=0.15")).isEqualTo(new DriftThresholds(0.2, 0.15, 0.01));
        assertThat(t.with("ks_p=0.001")).isEqualTo(new DriftThresholds(0.2, 0.1, 0.001));
        assertThat(t.with("p=0.05")).isEqualTo(new DriftThresholds(0.2, 0.1, 0.05));
    }

    @Test
    void badSettingsSayWhatIsAccepted() {
        assertThatThrownBy(() -> t.with("psi")).hasMessage("threshold 'psi' is not NAME=NUMBER, e.g. psi=0.25");
        assertThatThrownBy(() -> t.with("psi=high")).hasMessage("threshold 'psi=high' is not NAME=NUMBER, e.g. psi=0.25");
        assertThatThrownBy(() -> t.with("kl=1")).hasMessage("unknown threshold 'kl'; use psi, psi_warning or ks_p, e.g. psi=0.25");
        assertThatThrownBy(() -> t.with("psi_warning=0.3"))
                .hasMessage("thresholds need 0 <= psi_warning <= psi, got psi=0.2 psi_warning=0.3");
        assertThatThrownBy(() -> t.with("psi=0")).hasMessage("thresholds need 0 <= psi_warning <= psi, got psi=0.0 psi_warning=0.0");
        assertThatThrownBy(() -> t.with("warning=-0.1"))
                .hasMessage("thresholds need 0 <= psi_warning <= psi, got psi=0.2 psi_warning=-0.1");
        assertThatThrownBy(() -> t.with("ks_p=1")).hasMessage("ks_p must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> t.with("ks_p=-0.01")).hasMessage("ks_p must be in [0, 1), got -0.01");
        assertThat(t.with("ks_p=0").ksPValue()).isZero();
        assertThat(t.with("warning=0").psiWarning()).isZero();
        assertThat(t.with("psi_warning=0.2").psiWarning()).isEqualTo(0.2);
    }
}
