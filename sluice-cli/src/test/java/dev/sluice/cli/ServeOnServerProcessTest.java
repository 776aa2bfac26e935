package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice server --serve}: the server process serves the model on its own port with its drift check and
 * retraining pipeline, says so at start, and refuses a malformed {@code --serve} before starting. (The loop itself runs
 * in {@code UnattendedLoopTest}, sluice-server.)
 */
class ServeOnServerProcessTest {
    static final Path ELEC2 = Cli.repoRoot().resolve("examples/elec2");

    @Test
    void theServerServesTheChampionOnItsOwnPortAndSaysHowItsDriftIsWatched(@TempDir Path tmp) throws Exception {
        Map<String, String> env = Map.of("SLUICE_HOME", tmp.resolve("home").toString());
        assertThat(new Cli(tmp, env).run("run", ELEC2.resolve("train.yaml").toString()).code()).isZero();
        ServerProcessTest.Sluice server = new ServerProcessTest.Sluice(tmp, env, "server", "--port", "0", "--pipelines",
                ELEC2.toString(), "--serve", "elec2,retrain=elec2-retrain,check=10m", "--grace", "2");
        try {
            String line = server.await(l -> l.startsWith("serving elec2@champion"));
            assertThat(line).matches("serving elec2@champion \\(version 1\\) at http://127\\.0\\.0\\.1:[0-9]+/v1/models/elec2/predict;"
                    + " drift checked every 10m, retrained by elec2-retrain on drift");
            String url = line.substring(line.indexOf("http://"), line.indexOf(';'));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"date\": 0.9, \"day\": 3,"
                            + " \"period\": 0.5, \"nswprice\": 0.06, \"nswdemand\": 0.4, \"vicprice\": 0.003, \"vicdemand\": 0.4,"
                            + " \"transfer\": 0.4}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"model\":\"elec2\",\"version\":1,\"label\":");
        } finally {
            server.terminate();
        }
        assertThat(server.lines).contains("sluice server: stopped");
    }

    @Test
    void aMalformedServeIsABadUsageBeforeAnythingStarts(@TempDir Path tmp) {
        Cli.Result r = new Cli(tmp, Map.of("SLUICE_HOME", tmp.resolve("home").toString()))
                .run("server", "--port", "0", "--serve", "elec2,check=soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sluice: --serve 'elec2,check=soon': check=soon: write a duration such as 500ms, 30s, 5m, 2h or 1d;"
                + " write NAME[@ALIAS][=PORT]");
    }
}
