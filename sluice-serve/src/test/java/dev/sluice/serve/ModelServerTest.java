package dev.sluice.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.exec.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A real server on an ephemeral loopback port serving an XGBoost churn model trained on 500 telco customers. */
class ModelServerTest {
    /** Customer 7590-VHVEG of the telco data, as a request row. */
    static final String ROW = """
            {"gender": "Female", "SeniorCitizen": 0, "Partner": "Yes", "Dependents": "No", "tenure": 1,
             "PhoneService": "No", "MultipleLines": "No phone service", "InternetService": "DSL", "OnlineSecurity": "No",
             "OnlineBackup": "Yes", "DeviceProtection": "No", "TechSupport": "No", "StreamingTV": "No",
             "StreamingMovies": "No", "Contract": "Month-to-month", "PaperlessBilling": "Yes",
             "PaymentMethod": "Electronic check", "MonthlyCharges": 29.85, "TotalCharges": 29.85}""";

    @TempDir
    static Path home;
    static Workspace ws;
    static ModelServer server;
    static Http http;
    static final List<Map<String, Object>> recorded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        ws = Workspace.open(home);
        Training.train(ws, Training.data("telco-500.csv"), "SELECT * EXCLUDE (customerID) FROM data", "Churn", "xgboost",
                "churn", "champion", Map.of("max_depth", 3L, "rounds", 60L));
        PredictionSink sink = (model, version, row, output, time) ->
                recorded.add(Map.of("model", model, "version", version, "row", row.toMap(), "p", output.clone()));
        server = ModelServer.start(ServeOptions.defaults().withPort(0).withToken("s3cret").withSink(sink),
                ws.metadata().models(), ws.store(), List.of(ModelRef.parse("churn")));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (ws != null) ws.close();
    }

    static String row(String field, String json) {
        return ROW.replaceFirst("\"" + field + "\": [^,}]+", "\"" + field + "\": " + json);
    }

    @Test
    void predictsOneRowWithLabelProbabilitiesAndVersion() {
        int before = recorded.size();
        Http.Response r = http.post("/v1/models/churn/predict", ROW);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("model").asText()).isEqualTo("churn");
        assertThat(j.get("version").asInt()).isEqualTo(1);
        assertThat(j.get("label").asText()).isIn("No", "Yes");
        JsonNode p = j.get("probabilities");
        assertThat(p.get("No").asDouble() + p.get("Yes").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        String argmax = p.get("Yes").asDouble() > p.get("No").asDouble() ? "Yes" : "No";
        assertThat(j.get("label").asText()).isEqualTo(argmax);
        assertThat(j.has("ignored_fields")).isFalse();
        assertThat(recorded.size()).isGreaterThan(before);
        Map<String, Object> last = recorded.get(recorded.size() - 1);
        assertThat(last.get("model")).isEqualTo("churn");
        @SuppressWarnings("unchecked") Map<String, Object> lastRow = (Map<String, Object>) last.get("row");
        assertThat(lastRow).containsEntry("tenure", 1L).containsEntry("Contract", "Month-to-month")
                .containsEntry("MonthlyCharges", 29.85);
    }

    @Test
    void predictsManyRowsWithOneVersion() {
        String body = "{\"rows\": [" + ROW + "," + row("tenure", "60") + "," + row("Contract", "\"Two year\"") + "]}";
        Http.Response r = http.post("/v1/models/churn/predict", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("version").asInt()).isEqualTo(1);
        assertThat(j.get("predictions")).hasSize(3);
        for (JsonNode p : j.get("predictions")) {
            assertThat(p.get("label").asText()).isIn("No", "Yes");
            assertThat(p.get("probabilities").size()).isEqualTo(2);
        }
        // the first row alone gets the same answer as inside the batch
        JsonNode single = http.post("/v1/models/churn/predict", ROW).json();
        assertThat(j.get("predictions").get(0).get("probabilities")).isEqualTo(single.get("probabilities"));
    }

    @Test
    void refusesAMissingFieldNamingItAndItsType() {
        String body = ROW.replace("\"tenure\": 1,", "");
        Http.Response r = http.post("/v1/models/churn/predict", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("tenure");
        assertThat(r.json().get("expected").asText()).isEqualTo("long");
        assertThat(r.json().get("error").asText()).isEqualTo(
                "missing field 'tenure' (long); send every input field of the model (null for an unknown value)");
    }

    @Test
    void refusesAMistypedFieldNamingItAndTheExpectedType() {
        Http.Response r = http.post("/v1/models/churn/predict", row("tenure", "\"twelve\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("field 'tenure' must be long (an integer), got a string");
        assertThat(r.json().get("field").asText()).isEqualTo("tenure");
        assertThat(r.json().get("expected").asText()).isEqualTo("long");

        Http.Response fraction = http.post("/v1/models/churn/predict", row("tenure", "1.5"));
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.json().get("error").asText()).isEqualTo("field 'tenure' must be long (an integer), got 1.5");

        Http.Response text = http.post("/v1/models/churn/predict", row("Contract", "7"));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("error").asText()).isEqualTo("field 'Contract' must be string (a string), got a number");
    }

    @Test
    void refusesNonFiniteNumbersAndIntegersOutsideLongNamingFieldAndRow() {
        int before = recorded.size();
        Http.Response infinite = http.post("/v1/models/churn/predict", row("MonthlyCharges", "1e400"));
        assertThat(infinite.status()).isEqualTo(400);
        assertThat(infinite.json().get("error").asText()).isEqualTo("field 'MonthlyCharges' must be double (a finite number), got 1e400");
        assertThat(infinite.json().get("field").asText()).isEqualTo("MonthlyCharges");

        Http.Response huge = http.post("/v1/models/churn/predict", row("tenure", "1e20"));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("field").asText()).isEqualTo("tenure");
        assertThat(huge.json().get("expected").asText()).isEqualTo("long");

        String digits = "{\"rows\": [" + ROW + "," + row("tenure", "1" + "0".repeat(999)) + "]}";
        Http.Response batch = http.post("/v1/models/churn/predict", digits);
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().get("row").asInt()).isEqualTo(1);
        assertThat(batch.json().get("field").asText()).isEqualTo("tenure");
        assertThat(recorded.size()).as("nothing of a refused request reaches the prediction log").isEqualTo(before);
    }

    @Test
    void boolFieldsTakeOnlyTrueAndFalse() throws Exception {
        // the telco data has no bool column: a model over a bool input, as training reads a true/false column
        Path csv = home.resolve("flags.csv");
        StringBuilder b = new StringBuilder("flag,x,y\n");
        for (int i = 0; i < 200; i++) b.append(i % 3 == 0).append(',').append(i % 7).append(',').append(i % 3 == 0 ? "A" : "B").append('\n');
        java.nio.file.Files.writeString(csv, b);
        Training.train(ws, csv, null, "y", "logistic", "flags", "champion", Map.of());
        try (ModelServer flags = ModelServer.start(ServeOptions.defaults().withPort(0), ws.metadata().models(), ws.store(),
                List.of(ModelRef.parse("flags")))) {
            Http h = new Http(flags.port());
            assertThat(h.get("/v1/models/flags").json().get("inputs").toString()).contains("{\"name\":\"flag\",\"type\":\"bool\"}");
            assertThat(h.post("/v1/models/flags/predict", "{\"flag\": true, \"x\": 1}").status()).isEqualTo(200);
            assertThat(h.post("/v1/models/flags/predict", "{\"flag\": false, \"x\": 1}").status()).isEqualTo(200);
            for (String v : new String[] {"1", "0", "\"true\"", "1.0"}) {
                Http.Response r = h.post("/v1/models/flags/predict", "{\"flag\": " + v + ", \"x\": 1}");
                assertThat(r.status()).as(v).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("flag");
                assertThat(r.json().get("expected").asText()).isEqualTo("bool");
            }
        }
    }

    @Test
    void namesTheRowOfABadFieldInABatch() {
        String body = "{\"rows\": [" + ROW + "," + row("MonthlyCharges", "\"a lot\"") + "]}";
        Http.Response r = http.post("/v1/models/churn/predict", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("row").asInt()).isEqualTo(1);
        assertThat(r.json().get("error").asText()).isEqualTo("rows[1]: field 'MonthlyCharges' must be double (a number), got a string");
    }

    @Test
    void acceptsNullAsAMissingValueAndReportsIgnoredFields() {
        String body = row("TotalCharges", "null").replace("{", "{\"customerID\": \"7590-VHVEG\", \"extra\": {\"a\": [1]},");
        Http.Response r = http.post("/v1/models/churn/predict", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("ignored_fields").toString()).isEqualTo("[\"customerID\",\"extra\"]");
    }

    @Test
    void refusesMalformedJson() {
        Http.Response r = http.post("/v1/models/churn/predict", "{\"tenure\": 1,");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith("malformed JSON");
        assertThat(http.post("/v1/models/churn/predict", "[1, 2]").json().get("error").asText())
                .startsWith("the body must be a JSON object");
        assertThat(http.post("/v1/models/churn/predict", "").status()).isEqualTo(400);
        assertThat(http.post("/v1/models/churn/predict", ROW + " {}").status()).isEqualTo(400);
        assertThat(http.post("/v1/models/churn/predict", "{\"rows\": [1]}").json().get("error").asText())
                .isEqualTo("rows[0] must be a JSON object, got a number");
    }

    @Test
    void survivesGarbage() {
        SplittableRandom rng = new SplittableRandom(2024);
        String[] pieces = {"{", "}", "[", "]", "\"rows\"", ":", ",", "null", "1e999", "-0", "\"tenure\"", "\"\\u0000\"",
                "true", "NaN", "\"Contract\"", "9223372036854775808", "{\"rows\":", "\"\\ud800\""};
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int n = rng.nextInt(1, 30);
            for (int k = 0; k < n; k++) b.append(pieces[rng.nextInt(pieces.length)]);
            Http.Response r = http.post("/v1/models/churn/predict", b.toString());
            assertThat(r.status()).as(b + " -> " + r.body()).isIn(200, 400);
            byte[] raw = new byte[rng.nextInt(0, 200)];
            for (int k = 0; k < raw.length; k++) raw[k] = (byte) rng.nextInt(256);
            Http.Response g = http.post("/v1/models/churn/predict", raw);
            assertThat(g.status()).as(g.body()).isEqualTo(400);
        }
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.post("/v1/models/churn/predict", ROW).status()).isEqualTo(200);
    }

    @Test
    void answers404ForAnUnknownModel() {
        Http.Response r = http.post("/v1/models/nope/predict", ROW);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText())
                .isEqualTo("no model 'nope' is served here; served: churn@champion (GET /v1/models lists them)");
        assertThat(http.post("/v1/models/churn@champion/predict", ROW).status()).isEqualTo(200);
    }

    @Test
    void reportsHealthReadinessAndTheServedModels() {
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo("up");
        assertThat(http.get("/ready").json().get("status").asText()).isEqualTo("ready");
        JsonNode models = http.get("/v1/models").json().get("models");
        assertThat(models).hasSize(1);
        JsonNode m = models.get(0);
        assertThat(m.get("name").asText()).isEqualTo("churn");
        assertThat(m.get("alias").asText()).isEqualTo("champion");
        assertThat(m.get("version").asInt()).isEqualTo(1);
        assertThat(m.get("model_type").asText()).isEqualTo("xgboost");
        assertThat(m.get("labels").toString()).isEqualTo("[\"No\",\"Yes\"]");
        assertThat(m.get("inputs").toString()).contains("{\"name\":\"tenure\",\"type\":\"long\"}")
                .contains("{\"name\":\"Contract\",\"type\":\"string\"}").doesNotContain("customerID", "Churn");
        assertThat(http.get("/v1/models/churn").json().get("artifact").asText()).isEqualTo(m.get("artifact").asText());
    }

    @Test
    void exposesPrometheusMetrics() {
        http.post("/v1/models/churn/predict", ROW);
        http.post("/v1/models/churn/predict", "{");
        http.post("/v1/models/nope/predict", ROW);
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type").get(0)).startsWith("text/plain; version=0.0.4");
        assertThat(r.body())
                .contains("# TYPE sluice_serve_requests_total counter")
                .containsPattern("sluice_serve_requests_total\\{model=\"churn\",status=\"200\"} [1-9]")
                .containsPattern("sluice_serve_requests_total\\{model=\"churn\",status=\"400\"} [1-9]")
                .containsPattern("sluice_serve_requests_total\\{model=\"\",status=\"404\"} [1-9]")
                .contains("# TYPE sluice_serve_request_duration_seconds histogram")
                .containsPattern("sluice_serve_request_duration_seconds_bucket\\{model=\"churn\",le=\"\\+Inf\"} [1-9]")
                .contains("sluice_serve_model_version{model=\"churn\",alias=\"champion\"} 1")
                .containsPattern("sluice_serve_rows_total\\{model=\"churn\"} [1-9]");
    }

    @Test
    void reloadIsForbiddenWhenNoTokenIsConfigured() {
        try (ModelServer open = ModelServer.start(ServeOptions.defaults().withPort(0), ws.metadata().models(), ws.store(),
                List.of(ModelRef.parse("churn")))) {
            Http h = new Http(open.port());
            for (String auth : new String[] {"Bearer ", "Bearer s3cret", "Bearer null"}) {
                Http.Response r = h.post("/v1/models/churn/reload", "", "Authorization", auth);
                assertThat(r.status()).as(auth).isEqualTo(403);
                assertThat(r.json().get("error").asText()).isEqualTo("this endpoint changes the server and is disabled: start"
                        + " `sluice serve` with SLUICE_TOKEN set and send Authorization: Bearer <token>");
            }
            assertThat(h.post("/v1/models/churn/reload", "").status()).isEqualTo(403);
            assertThat(ServeOptions.defaults().withToken("  ").token()).isEmpty();
        }
    }

    @Test
    void reloadNeedsTheBearerToken() {
        Http.Response none = http.post("/v1/models/churn/reload", "");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().get("www-authenticate")).containsExactly("Bearer");
        assertThat(http.post("/v1/models/churn/reload", "", "Authorization", "Bearer wrong").status()).isEqualTo(401);
        Http.Response ok = http.post("/v1/models/churn/reload", "", "Authorization", "Bearer s3cret");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("swapped").asBoolean()).isFalse();
        assertThat(ok.json().get("version").asInt()).isEqualTo(1);
    }
}
