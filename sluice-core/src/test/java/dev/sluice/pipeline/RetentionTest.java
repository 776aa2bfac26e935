package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aRunIsKeptWhileAnyRuleGivenKeepsIt() {
        Retention both = new Retention(OptionalInt.of(30), OptionalInt.of(2));
        Instant old = NOW.minus(Duration.ofDays(31));
        Instant recent = NOW.minus(Duration.ofDays(29));
        assertThat(both.keeps(0, old, NOW)).as("one of the newest two, however old").isTrue();
        assertThat(both.keeps(1, old, NOW)).isTrue();
        assertThat(both.keeps(2, old, NOW)).as("third newest and older than 30 days").isFalse();
        assertThat(both.keeps(500, recent, NOW)).as("younger than 30 days").isTrue();
        assertThat(Retention.days(30).keeps(0, old, NOW)).as("keep_days alone ignores the count").isFalse();
        assertThat(Retention.last(1).keeps(1, NOW, NOW)).as("keep_last alone ignores the age").isFalse();
    }

    @Test
    void readsTheCommandLineForm() {
        assertThat(Retention.parse("keep_days=30,keep_last=100")).isEqualTo(new Retention(OptionalInt.of(30), OptionalInt.of(100)));
        assertThat(Retention.parse(" keep_last = 5 ")).isEqualTo(Retention.last(5));
        assertThat(Retention.parse("keep_last=5").describe()).isEqualTo("{keep_last: 5}");
        assertThat(Retention.parse("keep_days=7,keep_last=5").describe()).isEqualTo("{keep_days: 7, keep_last: 5}");
    }

    @Test
    void rejectsAMalformedCommandLineFormSayingHowToWriteIt() {
        assertThatThrownBy(() -> Retention.parse("keep_days=0")).hasMessage(
                "retention 'keep_days=0': keep_days must be at least 1, got 0; write e.g. keep_days=30,keep_last=100");
        assertThatThrownBy(() -> Retention.parse("30")).hasMessage(
                "retention '30': '30' is not NAME=NUMBER; write e.g. keep_days=30,keep_last=100");
        assertThatThrownBy(() -> Retention.parse("keep=3")).hasMessage(
                "retention 'keep=3': unknown setting 'keep' (use keep_days and keep_last); write e.g. keep_days=30,keep_last=100");
        assertThatThrownBy(() -> Retention.parse("keep_last=ten")).hasMessage(
                "retention 'keep_last=ten': keep_last must be a whole number, got 'ten'; write e.g. keep_days=30,keep_last=100");
    }
}
