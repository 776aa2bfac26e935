package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files landing in folders watched by data triggers, against a real server: one run per distinct content, and no
 * file taken before it is complete. The watcher's clock is the test's, and the test waits for polls, not for time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataTriggerTest {
    static String pipeline(String name, String data) {
        return "pipeline: " + name + "\nparams:\n  file: {type: string, default: none}\ntriggers:\n  - {name: drop, data: "
                + data + "}\nsteps:\n  s: {uses: concat, with: {text: \"${params.file}\\n\"}}\n";
    }

    final TriggerServer.TestClock clock = new TriggerServer.TestClock();
    TriggerServer s;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        s = new TriggerServer(tmp, Map.of(
                "landed.yaml", pipeline("landed", "{folder: incoming, glob: \"*.csv\", param: file, stable_seconds: 0}"),
                "marked.yaml", pipeline("marked", "{folder: drops, glob: \"*.csv\", param: file, marker: .done}"),
                "slow.yaml", pipeline("slow", "{folder: slow, param: file, stable_seconds: 2}")), Map.of(), clock);
        for (String f : List.of("incoming", "drops", "slow")) Files.createDirectories(s.pipelines.resolve(f));
    }

    @AfterAll
    void stop() {
        s.close();
    }

    @Test
    void theSameContentTwiceAndACopyUnderAnotherNameStartOneRunWithTheFilesPath() throws IOException {
        Path in = s.pipelines.resolve("incoming");
        Files.writeString(in.resolve("a.csv"), "x,y\n1,2\n");
        String first = s.awaitRuns("landed", 1).getFirst();
        JsonNode run = s.awaitEnd(first);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("parameters").path("file").asText()).isEqualTo(in.resolve("a.csv").toAbsolutePath().toString());
        assertThat(run.path("trigger").path("kind").asText()).isEqualTo("data");
        assertThat(run.path("trigger").path("detail").asText()).isEqualTo("drop: file "
                + sha256("x,y\n1,2\n") + " (" + in.resolve("a.csv").toAbsolutePath() + ")");

        Files.delete(in.resolve("a.csv"));
        s.awaitPolls(2);
        Files.writeString(in.resolve("a.csv"), "x,y\n1,2\n"); // dropped again
        Files.copy(in.resolve("a.csv"), in.resolve("copy.csv")); // and under another name
        Files.writeString(in.resolve("notes.txt"), "not matched by the glob\n");
        Files.writeString(in.resolve("b.csv"), "x,y\n3,4\n"); // new content: the watcher is alive
        List<String> runs = s.awaitRuns("landed", 2);
        s.awaitPolls(3);
        assertThat(s.runs("landed")).hasSize(2);
        assertThat(s.awaitEnd(runs.getFirst()).path("parameters").path("file").asText()).endsWith("b.csv");
    }

    @Test
    void aFileWithAMarkerIsTakenOnlyOnceItsMarkerExists() throws IOException {
        Path drops = s.pipelines.resolve("drops");
        Files.writeString(drops.resolve("day.csv"), "x\n1\n");
        s.awaitPolls(3);
        assertThat(s.runs("marked")).isEmpty();
        Files.writeString(drops.resolve("day.csv.done"), "");
        String run = s.awaitRuns("marked", 1).getFirst();
        assertThat(s.awaitEnd(run).path("parameters").path("file").asText()).endsWith("day.csv");
        s.awaitPolls(3);
        assertThat(s.runs("marked")).hasSize(1);
    }

    @Test
    void aFileStillBeingWrittenIsTakenOnlyOnceUnchangedForStableSeconds() throws IOException {
        Path file = s.pipelines.resolve("slow").resolve("big.csv");
        Files.writeString(file, "x,y\n1,");
        s.awaitPolls(2);
        clock.advance(Duration.ofMillis(1500));
        s.awaitPolls(2);
        assertThat(s.runs("slow")).as("unchanged for 1.5 s of 2").isEmpty();

        Files.writeString(file, "2\n3,4\n", StandardOpenOption.APPEND); // the writer goes on: the wait starts again
        s.awaitPolls(2);
        clock.advance(Duration.ofMillis(1000)); // 2.5 s since it was first seen, 1 s since it last changed
        s.awaitPolls(2);
        assertThat(s.runs("slow")).as("changed 1 s ago").isEmpty();

        clock.advance(Duration.ofMillis(1500));
        String run = s.awaitRuns("slow", 1).getFirst();
        JsonNode done = s.awaitEnd(run);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("trigger").path("detail").asText()).contains(sha256("x,y\n1,2\n3,4\n"));
    }

    /** SHA-256 of a text, as the watcher names content. */
    static String sha256(String text) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
