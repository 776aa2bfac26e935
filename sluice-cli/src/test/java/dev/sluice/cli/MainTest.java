package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage, help and argument errors: none of these loads a pipeline. */
class MainTest {
    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result r = cli().run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: sluice [-hV] [--verbose] [COMMAND]")
                .contains("validate", "run", "2   bad usage or an invalid pipeline");
    }

    @Test
    void everySubcommandHasHelp() {
        assertThat(cli().run("run", "--help").out()).contains("-p, --param=NAME=VALUE", "--workers=N", "--fail-fast", "--json");
        assertThat(cli().run("validate", "--help").out()).contains("Usage: sluice validate", "--json");
    }

    @Test
    void versionComesFromTheManifestOrDev() {
        Cli.Result r = cli().run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("sluice ").contains("(Java ");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = cli().run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                sluice: Missing command: try 'sluice run FILE' or 'sluice validate FILE'.
                Run 'sluice --help' for usage.
                """);
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli.Result r = cli().run("valdate", "x.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean: sluice validate").endsWith("Run 'sluice --help' for usage.\n");
    }

    @Test
    void aParameterWithoutEqualsSignSaysWhatToWrite() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "-p", "digits");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("""
                sluice: -p 'digits' is not NAME=VALUE: write the parameter's name, '=' and its value, e.g. -p max_depth=8
                Run 'sluice run --help' for usage.
                """);
    }

    @Test
    void zeroWorkersIsAUsageError() {
        Cli.Result r = cli().run("run", "examples/hello/pipeline.yaml", "--workers", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sluice: --workers 0 is not allowed: give at least 1, e.g. --workers 2\n");
    }

    @Test
    void validatingAMissingFileSaysSo() {
        Cli.Result r = cli().run("validate", "nope.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                nope.yaml: no such file. Give the path of a pipeline YAML file, e.g. examples/hello/pipeline.yaml.
                1 problem in nope.yaml
                """);
    }

    @Test
    void validatingAMissingFileAsJsonPrintsOneObject() {
        Cli.Result r = cli().run("validate", "nope.yaml", "--json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("\"file\" : \"nope.yaml\"", "\"valid\" : false", "\"line\" : null");
    }
}
