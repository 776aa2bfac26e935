package dev.sluice.server.trigger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The signature of a webhook delivery: {@code X-Sluice-Signature: sha256=HEX}, the HMAC-SHA256 under the trigger's
 * secret of {@code TIMESTAMP + "." + BODY}, where {@code X-Sluice-Timestamp} is the sending time in Unix seconds.
 * A delivery older than {@link #TOLERANCE} or as far in the future is refused, so a captured request cannot be
 * replayed later; within that window the delivery id (and the signature itself) is recorded, so it cannot be
 * replayed at all. Stateless; thread-safe.
 *
 * <pre>{@code
 * ts=$(date +%s); sig=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$HOOK_SECRET" -hex | sed 's/^.* //')
 * }</pre>
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Sluice-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Sluice-Signature";
    public static final String DELIVERY_HEADER = "X-Sluice-Delivery";
    /** How far a delivery's timestamp may be from the server's clock. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    /** Why a delivery is refused: the reason, said without the body or the secret. */
    public record Refusal(String code, String detail) {}

    /** {@code sha256=HEX} of {@code timestamp + "." + body}. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /**
     * Checks a delivery; empty when the signature is the secret's and the timestamp is within {@link #TOLERANCE} of
     * {@code now}. The comparison takes the same time wherever the signatures differ.
     */
    public static Optional<Refusal> check(byte[] secret, Optional<String> timestamp, Optional<String> signature,
                                          byte[] body, Instant now) {
        if (timestamp.isEmpty() || signature.isEmpty()) {
            return Optional.of(new Refusal("unsigned", "a webhook delivery needs the headers " + TIMESTAMP_HEADER
                    + " (Unix seconds) and " + SIGNATURE_HEADER + " (sha256= and the hex HMAC-SHA256 of timestamp + \".\" + body)"));
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.get().strip());
        } catch (NumberFormatException e) {
            return Optional.of(new Refusal("bad_timestamp", TIMESTAMP_HEADER + " must be Unix seconds, e.g. "
                    + now.getEpochSecond()));
        }
        long off = ts - now.getEpochSecond();
        if (Math.abs(off) > TOLERANCE.toSeconds()) {
            return Optional.of(new Refusal("stale_delivery", "the delivery's timestamp is " + Math.abs(off) + " s "
                    + (off < 0 ? "old" : "ahead of the server's clock") + "; deliveries more than "
                    + TOLERANCE.toMinutes() + " minutes off are refused (sign each delivery when it is sent)"));
        }
        String given = signature.get().strip();
        byte[] presented;
        try {
            presented = given.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                    ? HexFormat.of().parseHex(given.substring(PREFIX.length())) : new byte[0];
        } catch (IllegalArgumentException e) {
            presented = new byte[0];
        }
        byte[] expected = mac(secret, timestamp.get().strip(), body);
        if (!MessageDigest.isEqual(expected, presented)) {
            return Optional.of(new Refusal("bad_signature", "the signature does not match: sign timestamp + \".\" + body"
                    + " with HMAC-SHA256 under the trigger's secret and send " + SIGNATURE_HEADER + ": sha256=<hex>"));
        }
        return Optional.empty();
    }

    private static byte[] mac(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
