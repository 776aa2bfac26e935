package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.api.DefinitionException;
import dev.sluice.meta.StepRunRow;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Pipelines that use a shared pipeline file, run in a real workspace: the used pipeline's steps run, are recorded and
 * cached one by one (across the pipelines that share it), read files and scripts from the used file's own folder,
 * and its gates stop what reads it.
 */
@Timeout(120)
class SubPipelineRunTest {
    @TempDir Path home;
    @TempDir Path dir;
    private Workspace ws;

    /** {@code shared/features.yaml}: reads a stop-word list beside it, runs a script beside it, and gates on lines. */
    private static final String FEATURES = """
            pipeline: features
            params:
              title: {type: string, default: header}
              stop: {type: path, default: stop.txt}
              min_lines: {type: int, default: 2}
              words: {type: bool, default: false}
            inputs:
              raw: file
            outputs:
              text: head.out
            steps:
              stopwords: {uses: file, with: {path: "${params.stop}"}}
              head: {uses: concat, inputs: {parts: [inputs.raw, stopwords.file]}, with: {text: "${params.title}\\n"}}
              upper:
                run: [python3, upper.py, "${inputs.text}"]
                inputs: {text: head.out}
                outputs: {out: file}
              lines: {uses: count, inputs: {in: upper.out}, checks: {lines: ">= ${params.min_lines}"}}
              words: {uses: count, inputs: {in: upper.out}, when: "${params.words}"}
            """;
    private static final String UPPER = """
            import sys, os
            os.makedirs('outputs/out', exist_ok=True)
            open('outputs/out/upper.txt', 'w').write(open(sys.argv[1]).read().upper())
            """;

    @BeforeEach
    void files() throws IOException {
        ws = Workspace.open(home);
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/features.yaml"), FEATURES);
        Files.writeString(dir.resolve("shared/upper.py"), UPPER);
        Files.writeString(dir.resolve("shared/stop.txt"), "the\n");
        Files.writeString(dir.resolve("shared/other-stop.txt"), "a\nan\n");
        Files.writeString(dir.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(dir.resolve("train.yaml"), pipeline("train", ""));
        Files.writeString(dir.resolve("score.yaml"), pipeline("score", ""));
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private static String pipeline(String name, String with) {
        return "pipeline: " + name + "\n"
                + "steps:\n"
                + "  load: {uses: file, with: {path: words.txt}}\n"
                + "  features: {uses: \"pipeline:shared/features.yaml\", inputs: {raw: load.file}, with: {" + with + "}}\n"
                + "  count: {uses: count, inputs: {in: features.text}}\n";
    }

    private RunResult run(String file) {
        Pipeline p = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(dir.resolve(file)), Map.of());
        return new LocalExecutor(new RunOptions(2, false, home), ws).run(p, RunListener.NONE);
    }

    private static Map<String, StepStatus> statuses(RunResult r) {
        Map<String, StepStatus> m = new TreeMap<>();
        r.steps().forEach(s -> m.put(s.name(), s.status()));
        return m;
    }

    @Test
    void theUsedPipelinesStepsRunAndAreRecordedAndCachedOneByOne() throws IOException {
        RunResult first = run("train.yaml");
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(first)).containsOnlyKeys("load", "features/stopwords", "features/head", "features/upper",
                "features/lines", "features/words", "count");
        // when: reads the used pipeline's own parameters (words: false by default)
        assertThat(statuses(first)).containsEntry("features/words", StepStatus.SKIPPED);
        assertThat(first.step("features/lines").orElseThrow().metrics()).containsEntry("lines", 4.0); // header, 2 words, "the"
        assertThat(Files.readString((Path) first.step("features/upper").orElseThrow().outputs().get("out")))
                .isEqualTo("HEADER\nALPHA\nBETA\nTHE\n");
        StepRunRow recorded = ws.metadata().queries().stepRun(first.runId(), "features/head").orElseThrow();
        assertThat(recorded.state()).isEqualTo(dev.sluice.api.StepStatus.SUCCEEDED);

        RunResult again = run("train.yaml");
        assertThat(statuses(again).values()).containsOnly(StepStatus.CACHED, StepStatus.SKIPPED);

        // another pipeline that uses the same file with the same inputs reuses every one of its steps
        RunResult other = run("score.yaml");
        assertThat(statuses(other)).containsEntry("features/words", StepStatus.SKIPPED).containsEntry("features/head", StepStatus.CACHED)
                .containsEntry("features/upper", StepStatus.CACHED).containsEntry("features/lines", StepStatus.CACHED);
    }

    @Test
    void aPathGivenByTheUsingPipelineIsReadFromItsFolderAndAChangedOneIsAMiss() throws IOException {
        assertThat(run("train.yaml").status()).isEqualTo(RunStatus.SUCCEEDED);
        Files.writeString(dir.resolve("mine.txt"), "of\n");
        Files.writeString(dir.resolve("train.yaml"), pipeline("train", "stop: mine.txt, words: true"));
        RunResult r = run("train.yaml");
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).containsEntry("load", StepStatus.CACHED).containsEntry("features/stopwords", StepStatus.SUCCEEDED);
        // words now runs: it is lines' work (same component, input and parameters), so it either runs or, when lines'
        // record is committed first, is a hit on lines' step run of this very run
        assertThat(statuses(r).get("features/words")).isIn(StepStatus.SUCCEEDED, StepStatus.CACHED);
        String page = dev.sluice.report.RunReportPage.render(ws.metadata().queries().run(r.runId()).orElseThrow(),
                ws.metadata().queries().stepRuns(r.runId()));
        assertThat(page).contains(">features/stopwords<", ">features/words<");
        assertThat(Files.readString((Path) r.step("features/upper").orElseThrow().outputs().get("out")))
                .isEqualTo("HEADER\nALPHA\nBETA\nOF\n");
    }

    @Test
    void aGateInsideTheUsedPipelineBlocksWhatReadsIt() throws IOException {
        Files.writeString(dir.resolve("train.yaml"), pipeline("train", "min_lines: 10"));
        RunResult r = run("train.yaml");
        assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(statuses(r)).containsEntry("features/lines", StepStatus.FAILED).containsEntry("count", StepStatus.BLOCKED);
    }

    @Test
    void aPipelineWithInputsDoesNotRunAlone() {
        Pipeline features = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(dir.resolve("shared/features.yaml")), Map.of());
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new LocalExecutor(new RunOptions(2, false, home), ws).run(features, RunListener.NONE));
        assertThat(e.problems().getFirst().format()).endsWith("features.yaml:8:3: pipeline 'features' takes inputs (raw),"
                + " so it runs only as a step of another pipeline. Use it from another pipeline: uses: pipeline:FILE with"
                + " inputs: {raw: STEP.OUTPUT}.");
    }
}
