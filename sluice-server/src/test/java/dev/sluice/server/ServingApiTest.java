package dev.sluice.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/serving}: what it refuses and why (the loop itself: {@link UnattendedLoopTest}). */
class ServingApiTest {
    @Test
    void refusesWhatCannotBeServedSayingWhy(@TempDir Path tmp) {
        try (ServerFixture f = new ServerFixture(tmp)) {
            assertThat(f.api.get("/api/v1/serving", f.admin).json().path("served")).isEmpty();
            assertThat(detail(f, Map.of(), 400)).isEqualTo("give the model to serve: {\"model\": \"NAME[@ALIAS]\","
                    + " \"retrain\": \"PIPELINE\", \"check\": \"5m\"}");
            assertThat(detail(f, Map.of("model", "nosuch"), 400)).startsWith("cannot serve nosuch@champion: ");
            assertThat(detail(f, Map.of("model", "tiny", "every", "5m"), 400)).isEqualTo("unknown setting 'every'; the settings"
                    + " are model, check, cooldown, min_rows, poll, port, retrain, window");
            assertThat(detail(f, Map.of("model", "tiny", "check", "soon"), 400))
                    .isEqualTo("check=soon: write a duration such as 500ms, 30s, 5m, 2h or 1d");
            assertThat(detail(f, Map.of("model", "tiny", "retrain", "nosuch"), 400)).isEqualTo("retrain=nosuch: no pipeline of"
                    + " that name is registered on this server; add its folder with --pipelines (GET /api/v1/pipelines lists them)");
            String operator = f.token("op", "operator");
            assertThat(f.api.post("/api/v1/serving", operator, Map.of("model", "tiny")).status()).isEqualTo(403);
            Api.Reply gone = f.api.delete("/api/v1/serving/tiny", f.admin);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().path("detail").asText()).isEqualTo("model tiny is not served here; GET /api/v1/serving lists what is");
        }
    }

    private static String detail(ServerFixture f, Map<String, Object> body, int status) {
        Api.Reply r = f.api.post("/api/v1/serving", f.admin, body);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.json().path("detail").asText();
    }
}
