package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice serve} start-up errors (the server itself is tested in sluice-serve). */
class ServeCommandTest {
    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void refusesAModelTheRegistryDoesNotHave() {
        Cli.Result r = cli().run("serve", "churn", "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: no model churn@champion in the registry; list models and aliases with"
                + " `sluice models`, point an alias with `sluice promote churn VERSION --alias champion`\n");
    }

    @Test
    void refusesABadPollInterval() {
        Cli.Result r = cli().run("serve", "churn", "--poll", "often");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: --poll 'often' is not a duration; write e.g. 500ms, 2s or 1m\n");
    }

    @Test
    void readsPollDurations() {
        assertThat(ServeCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ServeCommand.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ServeCommand.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ServeCommand.duration("3")).isEqualTo(Duration.ofSeconds(3));
    }
}
