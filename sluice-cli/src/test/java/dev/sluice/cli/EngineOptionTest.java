package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice run --engine/--master}: mistakes are usage errors (exit 2) before anything runs, and the CLI jar, which
 * has no Spark in it, says how to get the engine rather than failing a step.
 */
class EngineOptionTest {
    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void anUnknownEngineIsAUsageErrorWithASuggestion() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "--engine", "sparc");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sluice: --engine sparc is not an engine; engines are local, spark. Did you mean 'spark'?\n");
    }

    @Test
    void aMasterNeedsTheSparkEngineAndAMasterOfAKnownForm() {
        Cli.Result alone = cli().run("run", "examples/hello/pipeline.yaml", "--master", "local[2]");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).startsWith("sluice: --master local[2] needs --engine spark: write --engine spark --master local[2]\n");
        Cli.Result bad = cli().run("run", "examples/hello/pipeline.yaml", "--engine", "spark", "--master", "yarn");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("sluice: --master yarn is neither local[N] nor spark://HOST:PORT; write e.g. --master local[2]\n");
    }

    @Test
    void theCliJarWithoutSparkSaysToRunThroughTheLauncher() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "--engine", "spark");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sluice: --engine spark: this sluice has no spark engine on its class path; run it"
                + " through ./sluice (which adds sluice-spark for --engine spark)\n");
    }

    @Test
    void theLocalEngineRunsAsWithoutTheOption() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "--engine", "local");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
    }
}
