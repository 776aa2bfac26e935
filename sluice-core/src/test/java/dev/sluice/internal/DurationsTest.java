package dev.sluice.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void anElapsedTimeIsShownInTheUnitThatFitsItsSize() {
        assertThat(Durations.elapsed(Duration.ofMillis(123))).isEqualTo("0.12s");
        assertThat(Durations.elapsed(Duration.ofMillis(9_999))).isEqualTo("10.00s");
        assertThat(Durations.elapsed(Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(Durations.elapsed(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(Durations.elapsed(Duration.ofSeconds(3_720))).isEqualTo("1h02m");
        assertThat(Durations.elapsed(Duration.ofMillis(-5))).isEqualTo("0.00s");
    }

    @Test
    void anOptionsDurationReadsBackFromItsText() {
        for (String text : new String[] {"500ms", "30s", "5m", "2h", "1d"}) {
            assertThat(Durations.text(Durations.parse("--interval", text))).isEqualTo(text);
        }
        assertThat(Durations.parse("--interval", "7")).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> Durations.parse("--interval", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--interval soon: write a duration such as 500ms, 30s, 5m, 2h or 1d");
    }
}
