package dev.sluice.server.trigger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"day\": \"2026-12-07\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private static Optional<String> code(String ts, String sig) {
        return WebhookSignature.check(SECRET, Optional.ofNullable(ts), Optional.ofNullable(sig), BODY, NOW)
                .map(WebhookSignature.Refusal::code);
    }

    @Test
    void theSignatureIsTheHexHmacOfTimestampDotBodyAsOpensslPrintsIt() {
        // printf '%s.%s' 1800000000 '{"day": "2026-12-07"}' | openssl dgst -sha256 -hmac s3cret -hex
        assertThat(WebhookSignature.sign(SECRET, "1800000000", BODY))
                .isEqualTo("sha256=3dae35050be4edbb5b8f6c1cd9a9880701416c2b6adacc7e65701c564553cb40");
    }

    @Test
    void acceptsItsOwnSignatureInEitherCaseAndRefusesAnyOtherBodyTimestampOrSecret() {
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = WebhookSignature.sign(SECRET, ts, BODY);
        assertThat(code(ts, sig)).isEmpty();
        assertThat(code(ts, sig.toUpperCase())).isEmpty();
        assertThat(code(ts, " " + sig + " ")).isEmpty();
        assertThat(code(Long.toString(NOW.getEpochSecond() - 1), sig)).hasValue("bad_signature");
        assertThat(code(ts, WebhookSignature.sign("other".getBytes(StandardCharsets.UTF_8), ts, BODY))).hasValue("bad_signature");
        assertThat(code(ts, sig.substring(7))).as("without sha256=").hasValue("bad_signature");
        assertThat(code(ts, "sha256=zz")).as("not hex").hasValue("bad_signature");
        assertThat(code(ts, sig.substring(0, sig.length() - 2))).as("cut short").hasValue("bad_signature");
        assertThat(code(null, sig)).hasValue("unsigned");
        assertThat(code(ts, null)).hasValue("unsigned");
        assertThat(code("yesterday", sig)).hasValue("bad_timestamp");
    }

    @Test
    void aTimestampUpToFiveMinutesOffIsAcceptedAndOneSecondMoreIsStaleEitherWay() {
        for (long off : new long[] {-300, 300}) {
            String ts = Long.toString(NOW.getEpochSecond() + off);
            assertThat(code(ts, WebhookSignature.sign(SECRET, ts, BODY))).as("off by %d s", off).isEmpty();
        }
        for (long off : new long[] {-301, 301}) {
            String ts = Long.toString(NOW.getEpochSecond() + off);
            assertThat(code(ts, WebhookSignature.sign(SECRET, ts, BODY))).as("off by %d s", off).hasValue("stale_delivery");
        }
    }

    @Test
    void theRateLimitFreesASlotSixtySecondsAfterItWasTakenAndTakesBackAGivenBackOne() {
        RateLimit limit = new RateLimit();
        assertThat(limit.take("p/h", 2, NOW)).isEmpty();
        assertThat(limit.take("p/h", 2, NOW.plusSeconds(10))).isEmpty();
        assertThat(limit.take("p/h", 2, NOW.plusSeconds(20))).isEqualTo(OptionalLong.of(40));
        assertThat(limit.take("other/h", 2, NOW.plusSeconds(20))).as("per trigger").isEmpty();
        assertThat(limit.take("p/h", 2, NOW.plusSeconds(60))).as("the first slot freed").isEmpty();
        limit.giveBack("p/h");
        assertThat(limit.take("p/h", 2, NOW.plusSeconds(61))).isEmpty();
        assertThat(limit.take("p/h", 2, NOW.plusMillis(69_500))).isEqualTo(OptionalLong.of(1));
    }
}
