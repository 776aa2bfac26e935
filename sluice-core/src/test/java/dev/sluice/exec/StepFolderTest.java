package dev.sluice.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepFolderTest {
    @TempDir
    Path dir;

    @Test
    void ensureCreatesEveryMissingLevelAndAcceptsAnExistingFolder() {
        Path out = dir.resolve("steps/train/outputs/model");

        assertThat(StepFolder.ensure(out)).isEqualTo(out);
        assertThat(out).isDirectory();
        assertThat(StepFolder.ensure(out)).isEqualTo(out);
        assertThat(StepFolder.ensure(dir.resolve("steps/train/work"))).isDirectory();
    }

    @Test
    void ensureNamesTheFolderWhenAFileIsInTheWay() throws IOException {
        Files.writeString(dir.resolve("steps"), "not a folder");

        assertThatThrownBy(() -> StepFolder.ensure(dir.resolve("steps/train/outputs")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot create folder " + dir.resolve("steps/train/outputs"))
                .hasMessageContaining("check permissions and free space");
    }
}
