package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice validate} refuses what {@code sluice run} refuses before it starts: a step whose own {@code engine:}
 * does not run its component, at that {@code engine:}. The CLI jar has no Spark on its class path, and the
 * check still knows what Spark runs. A pipeline's own {@code engine:} only moves the steps that engine runs.
 */
class ValidateEngineTest {
    @TempDir
    Path work;

    private Cli.Result validate(String yaml, String... more) throws Exception {
        Files.writeString(work.resolve("p.yaml"), yaml);
        String[] args = new String[more.length + 2];
        args[0] = "validate";
        args[1] = "p.yaml";
        System.arraycopy(more, 0, args, 2, more.length);
        return new Cli(work, Map.of("SLUICE_HOME", work.resolve("home").toString())).run(args);
    }

    @Test
    void aStepAskingSparkForAComponentSparkDoesNotRunIsReportedAtItsEngineKey() throws Exception {
        Cli.Result r = validate("""
                pipeline: refused
                steps:
                  load:
                    uses: file
                    engine: spark
                    with: {path: a.csv}
                  shell:
                    run: [echo, hi]
                    engine: spark
                  src:
                    uses: csv
                    engine: spark
                    with: {path: a.csv}
                  query:
                    uses: sql
                    engine: spark
                    inputs: {tables: [src.data]}
                    with: {query: SELECT * FROM t, names: [t]}
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("p.yaml:5:13: engine spark does not run component 'file' (step 'load')")
                .contains("remove engine: from this step to run it on the driver")
                .doesNotContain("'query'").doesNotContain("'src'").doesNotContain("'shell'");   // spark runs commands too
        assertThat(work.resolve("home/runs")).doesNotExist();
    }

    @Test
    void theJsonReportCarriesTheSameProblemWithItsPosition() throws Exception {
        Cli.Result r = validate("""
                pipeline: refused
                steps:
                  load:
                    uses: file
                    engine: spark
                    with: {path: a.csv}
                """, "--json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("\"valid\" : false").contains("\"line\" : 5").contains("\"column\" : 13")
                .contains("engine spark does not run component 'file' (step 'load')");
    }

    @Test
    void aPipelineLevelEngineLeavesTheStepsItCannotRunOnTheDriver() throws Exception {
        Cli.Result r = validate("""
                pipeline: mixed
                engine: spark
                steps:
                  load:
                    uses: file
                    with: {path: a.csv}
                  shell:
                    run: [echo, hi]
                  local:
                    uses: csv
                    engine: local
                    with: {path: a.csv}
                """);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("p.yaml: ok (3 steps)");
    }
}
