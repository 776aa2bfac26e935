package dev.sluice.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pipeline.NotifyRule;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One happening to report: what, for which run of which pipeline, and a sentence for people. Its bodies: the JSON
 * document ({@code {"event", "pipeline", "run_id", "status", "text", "at"}}) or a Slack incoming-webhook body
 * ({@code {"text": ...}}). Immutable.
 */
public record Notification(NotifyRule.Event event, String pipeline, Optional<String> runId, String status, String text,
                           Instant at) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The header with the time the signature covers, in Unix seconds. */
    public static final String TIMESTAMP_HEADER = "X-Sluice-Timestamp";
    /** The header with {@code sha256=HEX}: HMAC-SHA256 over {@code TIMESTAMP + "." + BODY} with the shared secret. */
    public static final String SIGNATURE_HEADER = "X-Sluice-Signature";

    /** The body in a rule's format. */
    public String body(NotifyRule.Format format) {
        ObjectNode n = JSON.createObjectNode();
        switch (format) {
            case JSON -> {
                n.put("event", event.yamlName());
                n.put("pipeline", pipeline);
                n.put("run_id", runId.orElse(null));
                n.put("status", status);
                n.put("text", text);
                n.put("at", at.toString());
            }
            case SLACK -> n.put("text", "Sluice: " + text);
        }
        return n.toString();
    }

    /** {@code sha256=HEX} of {@code timestamp + "." + body} under {@code secret}. */
    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
