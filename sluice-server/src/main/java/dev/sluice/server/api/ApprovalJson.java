package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.meta.StepApproval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of a decision on an approve step, as the API answers it and {@code sluice show --json} prints it:
 * {@code {"run_id", "step", "decision": "approved"|"rejected", "by", "at", "comment"}}. Stateless; thread-safe.
 */
public final class ApprovalJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApprovalJson() {}

    public static ObjectNode of(StepApproval a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", a.runId());
        n.put("step", a.step());
        n.put("decision", a.decision());
        n.put("by", a.by());
        n.put("at", a.at().toString());
        n.put("comment", a.comment().orElse(null));
        return n;
    }

    public static ArrayNode list(List<StepApproval> all) {
        ArrayNode out = JSON.createArrayNode();
        all.forEach(a -> out.add(of(a)));
        return out;
    }

    public static StepApproval parse(JsonNode n) {
        return new StepApproval(n.path("run_id").asText(), n.path("step").asText(), "approved".equals(n.path("decision").asText()),
                n.path("by").asText(), Instant.parse(n.path("at").asText()),
                n.hasNonNull("comment") ? Optional.of(n.path("comment").asText()) : Optional.empty());
    }

    public static List<StepApproval> parseList(JsonNode array) {
        List<StepApproval> out = new ArrayList<>();
        array.forEach(n -> out.add(parse(n)));
        return out;
    }
}
