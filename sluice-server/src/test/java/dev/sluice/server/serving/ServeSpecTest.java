package dev.sluice.server.serving;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeSpecTest {
    @Test
    void aBareNameIsTheChampionOnAnyPortCheckedEveryFiveMinutesWithoutRetraining() {
        ServeSpec s = ServeSpec.parse("elec2");
        assertThat(s.key()).isEqualTo("elec2@champion");
        assertThat(s.port()).isZero();
        assertThat(s.retrain()).isEmpty();
        assertThat(s.checkEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.toString()).isEqualTo("elec2@champion=0,check=5m,window=10000,min_rows=1000,cooldown=10m,poll=2s");
    }

    @Test
    void everySettingIsReadAndWrittenBack() {
        ServeSpec s = ServeSpec.parse("elec2@challenger=8081, retrain=elec2-retrain, check=30s, window=5000, min_rows=3000,"
                + " cooldown=1h, poll=500ms");
        assertThat(s.port()).isEqualTo(8081);
        assertThat(s.retrain()).isEqualTo(Optional.of("elec2-retrain"));
        assertThat(s.window()).isEqualTo(5000);
        assertThat(s.minRows()).isEqualTo(3000);
        assertThat(s.cooldown()).isEqualTo(Duration.ofHours(1));
        assertThat(s.poll()).isEqualTo(Duration.ofMillis(500));
        assertThat(ServeSpec.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void aSmallWindowLowersTheDefaultMinimumWithIt() {
        assertThat(ServeSpec.parse("elec2,window=200").minRows()).isEqualTo(200);
    }

    @Test
    void mistakesSayWhatIsWrongAndHowToWriteIt() {
        String how = "; write NAME[@ALIAS][=PORT][,retrain=PIPELINE][,check=5m][,window=10000][,min_rows=1000][,cooldown=10m]"
                + "[,poll=2s], e.g. elec2@champion=8081,retrain=elec2-retrain";
        assertThatThrownBy(() -> ServeSpec.parse("elec2,every=5m")).hasMessage("--serve 'elec2,every=5m': unknown setting"
                + " 'every'; the settings are retrain, check, window, min_rows, cooldown, poll" + how);
        assertThatThrownBy(() -> ServeSpec.parse("elec2,check=soon")).hasMessage("--serve 'elec2,check=soon': check=soon:"
                + " write a duration such as 500ms, 30s, 5m, 2h or 1d" + how);
        assertThatThrownBy(() -> ServeSpec.parse("elec2=http")).hasMessage("--serve 'elec2=http': port=http is not a whole number" + how);
        assertThatThrownBy(() -> ServeSpec.parse("elec2,check=0s")).hasMessage("--serve 'elec2,check=0s': check must be positive, got 0s" + how);
        assertThatThrownBy(() -> ServeSpec.parse("elec2,min_rows=20000")).hasMessage("--serve 'elec2,min_rows=20000': min_rows"
                + " must be 1 to window (10000), got 20000" + how);
        assertThatThrownBy(() -> ServeSpec.parse("elec2,retrain=../x")).hasMessageStartingWith("--serve 'elec2,retrain=../x':"
                + " retrain=../x is not a pipeline name");
        assertThatThrownBy(() -> ServeSpec.parse("bad name")).hasMessageStartingWith("--serve 'bad name': 'bad name@champion'"
                + " is not a model reference");
    }
}
