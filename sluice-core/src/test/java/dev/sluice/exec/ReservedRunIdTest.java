package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run started under an id reserved beforehand (sluice server's queue) is recorded under it; a bad id is refused. */
class ReservedRunIdTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;

    @Test
    void aRunStartedUnderAReservedIdKeepsItInItsFolderAndRecords() {
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws)
                    .start(Chain.pipeline(dir, Map.of()), RunListener.NONE, "20261207-031600-4b26").await();
            assertThat(r.runId()).isEqualTo("20261207-031600-4b26");
            assertThat(r.runDir()).isEqualTo(home.resolve("runs").resolve("20261207-031600-4b26").toAbsolutePath());
            assertThat(Files.isDirectory(r.runDir())).isTrue();
            assertThat(ws.metadata().queries().run("20261207-031600-4b26").orElseThrow().state()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void anIdThatIsNotARunIdIsRefusedBeforeAnythingIsCreated() {
        LocalExecutor executor = new LocalExecutor(new RunOptions(1, false, home));
        assertThatThrownBy(() -> executor.start(Chain.pipeline(dir, Map.of()), RunListener.NONE, "../../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'../../escape' is not a run id (expected e.g. 20261127-041502-3fa2)");
        assertThat(home.resolve("escape")).doesNotExist();
    }
}
