package dev.sluice.meta;

import dev.sluice.api.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two JVMs sharing one Sluice home (SQLite): both finish, nothing is lost; a killed run shows as interrupted. */
class TwoProcessesTest {
    @TempDir
    Path home;

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                WriterProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void twoProcessesWritingToOneHomeBothFinishWithAllRowsPresent() throws Exception {
        Process a = start("write", home.toString(), "a", "60");
        Process b = start("write", home.toString(), "b", "60");
        String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(outA).isZero();
        assertThat(b.exitValue()).as(outB).isZero();
        try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
            List<RunRow> runs = store.queries().runs(1000);
            assertThat(runs).hasSize(120).allMatch(r -> r.state() == RunStatus.SUCCEEDED);
            assertThat(store.queries().stepRuns("a-59")).hasSize(3);
            assertThat(store.queries().stepRuns("b-59")).hasSize(3);
        }
    }

    @Test
    void aRunWhoseProcessWasKilledShowsAsInterrupted() throws Exception {
        Process hung = start("hang", home.toString(), "killed-run");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(hung.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine(); // skip what the JVM or SLF4J print first
            } while (line != null && !line.equals("started"));
            assertThat(line).as("the child process's output").isEqualTo("started");
            try (MetadataStore store = MetadataStores.open(home, Optional.empty())) {
                assertThat(store.queries().run("killed-run")).map(RunRow::state).contains(RunStatus.RUNNING);
                hung.destroyForcibly().waitFor(); // SIGKILL: no chance to record anything
                assertThat(store.queries().run("killed-run")).map(RunRow::state).contains(RunStatus.INTERRUPTED);
            }
        } finally {
            hung.destroyForcibly();
        }
    }
}
