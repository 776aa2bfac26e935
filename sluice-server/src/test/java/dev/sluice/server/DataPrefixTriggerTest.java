package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.s3.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data trigger on an object-store prefix ({@code data: {prefix: s3://bucket/in/, glob: "*.csv", param: file}}),
 * against a real S3-compatible server (S3Mock, its own process): each new object under the prefix that matches the
 * glob starts one run with its {@code s3://} URI, the same content again (under its own name or another) starts none,
 * and objects of other names or of sub-prefixes start nothing.
 */
class DataPrefixTriggerTest {
    @Test
    void eachNewObjectUnderThePrefixStartsOneRunPerContent(@TempDir Path tmp) {
        S3Server s3 = S3Server.get();
        String prefix = S3Server.freshPrefix();
        String in = "s3://" + S3Server.BUCKET + "/" + prefix + "in/";
        Map<String, String> env = new HashMap<>(s3.env(prefix));
        env.remove("SLUICE_STORE"); // the store stays local; only the trigger reads S3
        try (S3Client client = s3.client();
             TriggerServer s = new TriggerServer(tmp, Map.of("landed.yaml", DataTriggerTest.pipeline("landed",
                     "{prefix: \"" + in + "\", glob: \"*.csv\", param: file}")), env)) {
            put(client, prefix + "in/a.csv", "x,y\n1,2\n");
            String first = s.awaitRuns("landed", 1).getFirst();
            JsonNode run = s.awaitEnd(first);
            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("parameters").path("file").asText()).isEqualTo(in + "a.csv");
            assertThat(run.path("trigger").path("kind").asText()).isEqualTo("data");
            assertThat(run.path("trigger").path("detail").asText()).isEqualTo("drop: file "
                    + DataTriggerTest.sha256("x,y\n1,2\n") + " (" + in + "a.csv)");

            put(client, prefix + "in/copy.csv", "x,y\n1,2\n"); // the same content under another name
            put(client, prefix + "in/notes.txt", "not matched by the glob\n");
            put(client, prefix + "in/deeper/c.csv", "x,y\n5,6\n"); // a sub-prefix is not watched
            put(client, prefix + "in/b.csv", "x,y\n3,4\n"); // new content: the watcher is alive
            List<String> runs = s.awaitRuns("landed", 2);
            s.awaitPolls(3);
            assertThat(s.runs("landed")).hasSize(2);
            assertThat(s.awaitEnd(runs.getFirst()).path("parameters").path("file").asText()).isEqualTo(in + "b.csv");
        }
    }

    private static void put(S3Client client, String key, String text) {
        client.putObject(b -> b.bucket(S3Server.BUCKET).key(key), RequestBody.fromString(text));
    }
}
