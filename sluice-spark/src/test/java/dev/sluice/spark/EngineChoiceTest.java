package dev.sluice.spark;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.engine.Engines;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With sluice-spark on the class path, the spark engine is found, and a step that asks for it but whose component Spark
 * does not run is refused before the run starts, at its {@code engine:} (no Spark session is started here).
 */
class EngineChoiceTest {
    @TempDir Path dir;

    @Test
    void theSparkEngineIsFoundThroughTheServiceLoaderWithTheComponentsItRuns() {
        assertThat(Engines.provider("spark")).get().satisfies(p ->
                assertThat(p.components()).containsAll(java.util.List.of("sql", "split", "parquet")));
    }

    @Test
    void aStepThatAsksSparkForAComponentSparkDoesNotRunIsRefusedAtItsEngineKey() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "x\n1\n");
        Pipeline p = Runs.pipeline("""
                pipeline: refused
                steps:
                  load:
                    uses: file
                    engine: spark
                    with: {path: a.csv}
                  shell:
                    run: [echo, hi]
                    engine: spark
                """, dir);
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> Runs.run(p, dir.resolve("home"), Optional.empty()));
        assertThat(e.problems().stream().map(Problem::format)).containsExactly(   // the command step may ask for spark
                "pipeline.yaml:5:13: engine spark does not run component 'file' (step 'load'). It runs command steps, csv, expect,"
                        + " linear, logistic, parquet, predict, profile, random_forest, split, sql, xgboost;"
                        + " remove engine: from this step to run it on the driver.");
        assertThat(dir.resolve("home/home/runs")).doesNotExist();   // no run was started
    }
}
