package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small outputs (a step's {@code outputBytes}, or a small output file) are stored from memory: no file of the step's
 * own, their bytes in the metadata database with the artifact's record, and readable as a file everywhere a stored
 * artifact is (a downstream step's input, a cache hit, the store after its copy was lost).
 */
class SmallOutputsTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;

    static final Component HANDS_OVER = Component.of(ComponentSpec.builder("hands-over", "1")
            .output("out", PortKind.FILE).noMetrics().build(),
            ctx -> ctx.outputBytes("out", "report.json", "{\"rows\": 3}".getBytes(StandardCharsets.UTF_8)));

    private static PipelineBuilder chain() {
        PipelineBuilder p = Pipeline.builder("small").baseDir(Path.of("."));
        p.step("a", s -> s.uses("concat").with("text", "one\n"));
        p.step("b", s -> s.uses("concat").with("text", "two\n").input("parts", "a.out"));
        return p;
    }

    @Test
    void bytesHandedOverAreStoredWithTheirRecordAndReadDownstreamAsAFile() throws IOException {
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(chain().build(), RunListener.NONE);

            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            Path b = (Path) r.step("b").orElseThrow().outputs().get("out");
            assertThat(b).hasContent("two\none");
            assertThat(b.startsWith(home)).as("%s is a blob of the store", b).isTrue();
            assertThat(b.startsWith(r.runDir())).isFalse();
            assertThat(Files.getPosixFilePermissions(b)).as("stored content is read-only").doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertThat(r.runDir().resolve("outputs")).as("no output file was staged").doesNotExist();
            String id = ws.metadata().queries().stepRun(r.runId(), "b").orElseThrow().outputs().getFirst().artifactId();
            assertThat(ws.metadata().queries().artifactContent(id)).as("the bytes are in the metadata database")
                    .hasValueSatisfying(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("two\none\n"));
            assertThat(ws.metadata().queries().artifact(id)).map(ArtifactRow::mediaType).hasValue("text/plain");
            assertThat(ws.metadata().queries().artifact(id)).map(ArtifactRow::size).hasValue(8L);
        }
    }

    @Test
    void aCacheHitFindsOutputsThatWereHandedOverAsBytes() {
        try (Workspace ws = Workspace.open(home)) {
            new LocalExecutor(new RunOptions(2, false, home), ws).run(chain().build(), RunListener.NONE);
            RunResult again = new LocalExecutor(new RunOptions(2, false, home), ws).run(chain().build(), RunListener.NONE);

            assertThat(again.step("a").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat(again.step("b").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
            assertThat((Path) again.step("b").orElseThrow().outputs().get("out")).hasContent("two\none");
        }
    }

    @Test
    void aBlobLostBeforeItReachedTheDiskIsWrittenBackFromTheMetadataDatabase() throws IOException {
        String id;
        Path blob;
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(chain().build(), RunListener.NONE);
            blob = (Path) r.step("a").orElseThrow().outputs().get("out");
            id = ws.metadata().queries().stepRun(r.runId(), "a").orElseThrow().outputs().getFirst().artifactId();
        }
        // the store did not fsync the blob (its bytes were committed with its record): a power loss can take it
        Files.setPosixFilePermissions(blob.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(blob);

        try (Workspace ws = Workspace.open(home)) {
            assertThat(ws.store().path(Digest.parse(id))).hasValueSatisfying(p -> assertThat(p).hasContent("one"));
            RunResult next = new LocalExecutor(new RunOptions(2, false, home), ws).run(chain().build(), RunListener.NONE);
            assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat((Path) next.step("b").orElseThrow().outputs().get("out")).hasContent("two\none");
        }
    }

    @Test
    void aSmallOutputFileIsReadOnceAndItsFileRemoved() throws IOException {
        Component writes = Component.of(ComponentSpec.builder("writes", "1").output("out", PortKind.FILE).noMetrics().build(),
                ctx -> Files.writeString(ctx.outputFile("out", "n.csv"), "n\n1\n"));
        PipelineBuilder p = Pipeline.builder("small-file").baseDir(dir);
        p.step("w", s -> s.uses(writes));
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(p.build(), RunListener.NONE);

            Path out = (Path) r.step("w").orElseThrow().outputs().get("out");
            assertThat(out).hasContent("n\n1");
            String id = ws.metadata().queries().stepRun(r.runId(), "w").orElseThrow().outputs().getFirst().artifactId();
            assertThat(ws.metadata().queries().artifactContent(id)).isPresent();
            assertThat(ws.metadata().queries().artifact(id)).map(ArtifactRow::mediaType).hasValue("text/csv");
            try (var left = Files.list(r.runDir().resolve("outputs"))) {
                assertThat(left).as("the staged file was removed once stored").isEmpty();
            }
        }
    }

    @Test
    void withoutAWorkspaceBytesHandedOverAreAFile() {
        PipelineBuilder p = Pipeline.builder("unrecorded").baseDir(dir);
        p.step("h", s -> s.uses(HANDS_OVER));

        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(p.build(), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        Path out = (Path) r.step("h").orElseThrow().outputs().get("out");
        assertThat(out.getFileName()).hasToString("report.json");
        assertThat(out).hasContent("{\"rows\": 3}");
    }

    @Test
    void aFileNameThatLeavesTheOutputIsRefused() {
        Component escapes = Component.of(ComponentSpec.builder("escapes", "1").output("out", PortKind.FILE).noMetrics().build(),
                ctx -> ctx.outputBytes("out", "../x.txt", new byte[]{1}));
        PipelineBuilder p = Pipeline.builder("escape").baseDir(dir);
        p.step("e", s -> s.uses(escapes));
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = new LocalExecutor(new RunOptions(1, false, home), ws).run(p.build(), RunListener.NONE);

            assertThat(r.step("e").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.step("e").orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains("'../x.txt'"));
        }
    }
}
