package dev.sluice.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** A bare program name is found on PATH as execvp would find it, or left for the launcher. */
class ProgramPathsTest {
    @TempDir
    Path dir;

    private Path program(String folder, String name, String mode) throws IOException {
        Path p = Files.createDirectories(dir.resolve(folder)).resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void takesTheFirstExecutableFileOnPath() throws IOException {
        program("a", "tool", "rw-r--r--"); // not executable: skipped, as execvp does
        Path b = program("b", "tool", "rwxr-xr-x");
        program("c", "tool", "rwxr-xr-x");
        String path = dir.resolve("a") + ":" + dir.resolve("b") + ":" + dir.resolve("c");
        assertThat(new ProgramPaths().resolve("tool", path)).isEqualTo(b.toString());
    }

    @Test
    void leavesPathsRelativeEntriesAndUnknownNamesToTheLauncher() throws IOException {
        program("b", "tool", "rwxr-xr-x");
        ProgramPaths programs = new ProgramPaths();
        assertThat(programs.resolve("./tool", dir.resolve("b").toString())).isEqualTo("./tool");
        assertThat(programs.resolve("tool", ":" + dir.resolve("b"))).isEqualTo("tool");
        assertThat(programs.resolve("tool", "bin:" + dir.resolve("b"))).isEqualTo("tool");
        assertThat(programs.resolve("nope", dir.resolve("b").toString())).isEqualTo("nope");
        assertThat(programs.resolve("tool", null)).isEqualTo("tool");
    }
}
