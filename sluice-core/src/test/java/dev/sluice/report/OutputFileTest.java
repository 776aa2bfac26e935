package dev.sluice.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cases of {@link OutputFile} that the CLI's report tests do not reach. */
class OutputFileTest {
    @TempDir
    Path dir;

    private static OutputFile.Content text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLoopOfLinksIsABadPath() throws IOException {
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));

        assertThatThrownBy(() -> OutputFile.write(a, text("x")))
                .isInstanceOfSatisfying(OutputFileException.class, e -> assertThat(e.badPath()).isTrue())
                .hasMessage("it is a loop of symbolic links; point it at a file");
    }

    @Test
    void aFileInPlaceOfTheFolderIsABadPath() throws IOException {
        Files.writeString(dir.resolve("plain"), "x");

        assertThatThrownBy(() -> OutputFile.write(dir.resolve("plain/page.html"), text("x")))
                .isInstanceOfSatisfying(OutputFileException.class, e -> assertThat(e.badPath()).isTrue())
                .hasMessage(dir.resolve("plain") + " is not a folder; name a file in a folder");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("page.html"), "old");

        assertThatThrownBy(() -> OutputFile.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).isInstanceOfSatisfying(OutputFileException.class, e -> assertThat(e.badPath()).isFalse())
                .hasMessage("no space left on the device; free some space");

        assertThat(Files.readString(file)).isEqualTo("old");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }
}
