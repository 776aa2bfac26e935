package dev.sluice.spark;

import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command step with {@code engine: spark} runs its program inside a Spark task on {@code local[2]}, in a working
 * folder of the executor's (not the driver's step folder), with the same files contract: the input staged from the
 * store under {@code inputs/}, the output folder collected back, {@code SLUICE_*} variables pointing at the executor's
 * copies, a parameter with shell characters passed as one argument (no shell), stdout's JSON lines as metrics and
 * stderr in the log. It gives what the same step gives on the driver; a non-zero exit fails the step with its code.
 */
@Tag("spark")
class CommandOnSparkTest {
    static final String PIPELINE = """
            pipeline: commands
            steps:
              load:
                uses: file
                with: {path: words.txt}
              count:
                run: [sh, count.sh, "${with.note}", "${inputs.data}"]
                engine: spark
                inputs: {data: load.file}
                outputs: {result: folder}
                with: {note: "a b; echo pwned $(id) `id` > /tmp/x"}
            """;

    static final String FAILING = """
            pipeline: failing
            steps:
              failing:
                run: [sh, fail.sh]
                engine: spark
            """;

    static final String COUNT = """
            set -eu
            printf '%s\\n' "$1" > "$SLUICE_OUTPUT_RESULT/note.txt"
            wc -l < "$2" | tr -d ' ' > outputs/result/lines.txt
            ls inputs > outputs/result/inputs.txt
            pwd > outputs/result/where.txt
            [ "$2" = "$SLUICE_INPUT_DATA" ] && echo same > outputs/result/env.txt
            echo '{"lines": '"$(wc -l < "$2" | tr -d ' ')"'}'
            echo "counted on stderr" >&2
            """;

    @TempDir Path dir;

    @Test
    void aCommandStepRunsInAnExecutorsFolderWithTheSameFilesContractAsOnTheDriver() throws Exception {
        Files.writeString(dir.resolve("words.txt"), "alpha\nbeta\ngamma\n");
        Files.writeString(dir.resolve("count.sh"), COUNT);
        Files.writeString(dir.resolve("fail.sh"), "echo giving up >&2\nexit 3\n");
        RunResult spark = Runs.run(Runs.pipeline(PIPELINE, dir), dir.resolve("spark"), Optional.of("local[2]"));
        RunResult local = Runs.run(Runs.pipeline(PIPELINE.replace("engine: spark", "engine: local"), dir),
                dir.resolve("local"), Optional.empty());

        StepResult s = spark.step("count").orElseThrow();
        StepResult l = local.step("count").orElseThrow();
        assertThat(s.status()).as(s.error().toString()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(l.status()).as(l.error().toString()).isEqualTo(StepStatus.SUCCEEDED);
        Path onSpark = Runs.table(s, "result");
        Path onDriver = Runs.table(l, "result");
        assertThat(Files.readString(onSpark.resolve("note.txt"))).isEqualTo("a b; echo pwned $(id) `id` > /tmp/x\n");
        for (String f : List.of("note.txt", "lines.txt", "inputs.txt", "env.txt")) {
            assertThat(Files.readString(onSpark.resolve(f))).as(f).isEqualTo(Files.readString(onDriver.resolve(f)));
        }
        assertThat(Files.readString(onSpark.resolve("lines.txt"))).isEqualTo("3\n");
        // the executor's own folder, not the driver's step folder (which the local run uses)
        String where = Files.readString(onSpark.resolve("where.txt")).strip();
        assertThat(where).contains("sluice-cmd-").doesNotContain(dir.resolve("spark").toString());
        assertThat(Files.readString(onDriver.resolve("where.txt")).strip()).startsWith(dir.resolve("local").toString());
        assertThat(Path.of(where)).doesNotExist();   // removed after the task
        assertThat(s.metrics()).isEqualTo(l.metrics()).containsEntry("lines", 3.0);
        assertThat(Runs.log(s)).contains("engine: spark local[2]").contains("counted on stderr").contains("{\"lines\": 3}");

        RunResult failing = Runs.run(Runs.pipeline(FAILING, dir), dir.resolve("failing"), Optional.of("local[2]"));
        StepResult failed = failing.step("failing").orElseThrow();
        assertThat(failed.status()).isEqualTo(StepStatus.FAILED);
        assertThat(failed.error()).get().asString().startsWith("exit code 3 on spark").contains("giving up");
    }
}
