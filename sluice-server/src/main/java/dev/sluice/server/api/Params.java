package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipeline parameter values from JSON, as the text {@code -p name=value} would give (numbers as written, lists
 * comma-separated), so the server validates them exactly as the command line does. Stateless.
 */
final class Params {
    private Params() {}

    /** The values of a {@code "params"} object; a 400 for anything else or for a map value. */
    static Map<String, String> of(JsonNode params) {
        Map<String, String> out = new LinkedHashMap<>();
        if (params == null || params.isMissingNode() || params.isNull()) return out;
        if (!params.isObject()) throw ApiError.badRequest("params must be a JSON object of name: value, e.g. {\"max_depth\": 6}");
        for (Map.Entry<String, JsonNode> e : params.properties()) out.put(e.getKey(), text(e.getKey(), e.getValue()));
        return out;
    }

    private static String text(String name, JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isNumber() || v.isBoolean()) return v.asText();
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(item -> parts.add(text(name, item)));
            return String.join(",", parts);
        }
        throw ApiError.badRequest("parameter '" + name + "' must be text, a number, true/false or a list, got "
                + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
}
