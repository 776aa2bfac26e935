package dev.sluice.builtin;

import dev.sluice.api.PortKind;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.testing.TestContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltinComponentsTest {
    @TempDir
    Path dir;

    @Test
    void registryFindsTheBuiltinsByShortName() {
        ComponentRegistry registry = ComponentRegistry.defaults();
        assertThat(registry.names()).contains("file", "concat", "count");
        assertThat(registry.resolve("concat").spec().input("parts").orElseThrow().many()).isTrue();
        assertThat(registry.resolve("count").spec().output("out").orElseThrow().kind()).isEqualTo(PortKind.METRICS);
    }

    @Test
    void fileCopiesTheSourceUnderItsOwnName() throws IOException {
        Path source = Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
        TestContext ctx = new TestContext(dir.resolve("step")).param("path", source.toString());
        new FileComponent().run(ctx);
        assertThat(ctx.outputs.get("file")).hasFileName("data.csv").hasContent("a,b\n1,2");
    }

    @Test
    void fileSaysWhichPathIsMissingAndWhatToCheck() {
        TestContext ctx = new TestContext(dir).param("path", dir.resolve("nope.csv").toString());
        assertThatThrownBy(() -> new FileComponent().run(ctx))
                .hasMessage("file '" + dir.resolve("nope.csv") + "' not found (looked at " + dir.resolve("nope.csv")
                        + "); check 'path' in step 'test'");
    }

    @Test
    void concatWritesTextThenEveryPartInOrder() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "alpha\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "beta\n");
        TestContext ctx = new TestContext(dir).param("text", "head\n").input("parts", a, b);
        new ConcatComponent().run(ctx);
        assertThat(Files.readString(ctx.outputs.get("out"))).isEqualTo("head\nalpha\nbeta\n");
    }

    @Test
    void concatWithoutPartsWritesOnlyTheText() throws IOException {
        TestContext ctx = new TestContext(dir).param("text", "only");
        new ConcatComponent().run(ctx);
        assertThat(Files.readString(ctx.outputs.get("out"))).isEqualTo("only");
    }

    @Test
    void countRecordsLinesWordsAndBytesAsMetricsAndJson() throws IOException {
        Path in = Files.writeString(dir.resolve("in.txt"), "one two\n  three\tfour\nlast");
        TestContext ctx = new TestContext(dir).input("in", in);
        new CountComponent().run(ctx);
        assertThat(ctx.metrics).containsEntry("lines", 3.0).containsEntry("words", 5.0).containsEntry("bytes", 25.0);
        assertThat(Files.readString(ctx.outputs.get("out"))).isEqualTo("{\"lines\": 3, \"words\": 5, \"bytes\": 25}\n");
    }

    @Test
    void countOfAnEmptyFileIsZero() throws IOException {
        Path in = Files.writeString(dir.resolve("empty.txt"), "");
        TestContext ctx = new TestContext(dir).input("in", in);
        new CountComponent().run(ctx);
        assertThat(ctx.metrics).containsEntry("lines", 0.0).containsEntry("words", 0.0).containsEntry("bytes", 0.0);
    }
}
