package dev.sluice.cli;

import dev.sluice.api.RunStatus;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hello worlds of README.md stay true: the YAML is the example file, and both run. */
class ReadmeExamplesTest {
    private static final Path ROOT = Cli.repoRoot();

    @TempDir
    Path home;

    @Test
    void readmeYamlIsTheMinimalExampleAndFitsTenLines() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String minimal = Files.readString(ROOT.resolve("examples/hello/minimal.yaml"));
        assertThat(readme).contains("```yaml\n" + minimal + "```");
        assertThat(minimal.lines().count()).isLessThanOrEqualTo(10);
    }

    @Test
    void readmeTestCommandIsTheOneCiRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("\n./mvnw -B verify\n", "\n./sluice run examples/churn/pipeline.yaml\n",
                "\n./sluice run examples/hello/pipeline.yaml\n");
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("grep -E '^\\./mvnw .*verify' README.md");
    }

    @Test
    void minimalYamlExampleRuns() {
        Cli.Result r = new Cli(ROOT, Map.of("SLUICE_HOME", home.toString())).run("run", "examples/hello/minimal.yaml");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    @Test
    void javaHelloWorldRuns() {
        // as in README.md, with the data file's absolute path (tests run in the module folder)
        Pipeline p = Pipeline.builder("hello-world")
                .step("load", s -> s.uses("file").with("path", ROOT.resolve("examples/hello/data/iris.csv").toString()))
                .step("count", s -> s.uses("count").input("in", "load.file").check("lines", ">= 100"))
                .build();
        RunResult r = new LocalExecutor(RunOptions.defaults(home)).run(p, RunListener.NONE);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("count").orElseThrow().metrics()).containsEntry("lines", 151.0);
    }
}
