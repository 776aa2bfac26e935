package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.api.Access;
import dev.sluice.server.api.OpenApi;
import dev.sluice.server.api.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document and the server's routes are the same set, with the same authorization, and it is served. */
class OpenApiTest {
    @Test
    void documentsExactlyTheRoutesOfTheServerWithTheirRoles(@TempDir Path tmp) {
        try (ServerFixture f = new ServerFixture(tmp)) {
            OpenApi doc = OpenApi.load();
            List<String> routes = f.server.routes().stream().map(Route::toString).toList();
            assertThat(doc.operations()).as("documented operations vs. routes").containsExactlyInAnyOrderElementsOf(routes);
            for (Route r : f.server.routes()) {
                JsonNode op = doc.operation(r.method().text(), r.path());
                String role = r.access() == Access.PUBLIC ? "public" : r.access().name().toLowerCase(Locale.ROOT);
                assertThat(op.path("x-sluice-role").asText()).as(r.toString()).isEqualTo(role);
                assertThat(op.path("security").isEmpty()).as(r + " security").isEqualTo(r.access() == Access.PUBLIC);
                if (r.access() != Access.PUBLIC) assertThat(op.path("responses").has("401") && op.path("responses").has("403")).isTrue();
                for (String param : placeholders(r.path())) {
                    assertThat(op.path("parameters").findValuesAsText("name")).as(r + " documents {" + param + "}").contains(param);
                }
            }
            Api.Reply served = f.api.get("/api/v1/openapi.json", null);
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.json()).isEqualTo(doc.document());
            assertThat(served.json().path("openapi").asText()).isEqualTo("3.1.0");
            assertThat(unresolvedRefs(doc.document(), doc.document())).isEmpty();
        }
    }

    private static List<String> placeholders(String path) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static List<String> unresolvedRefs(JsonNode root, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject() && node.has("$ref")) {
            String ref = node.path("$ref").asText();
            if (root.at(ref.substring(1)).isMissingNode()) out.add(ref);
        }
        node.forEach(child -> out.addAll(unresolvedRefs(root, child)));
        return out;
    }
}
