package dev.sluice.spark;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.engine.EngineSettings;
import dev.sluice.engine.Engines;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import org.apache.spark.SparkContext;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunHandle;
import dev.sluice.exec.RunOptions;
import dev.sluice.testing.TempWorkspace;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ready instances of a {@code matrix:} step run on Spark as ONE job with one task per instance, not one job each
 * (a listener counts the jobs and their tasks), and give each instance what the local run gives it; an instance that
 * fails in its own code fails alone: the other instances keep their models, the fan-in is blocked; cancelling the run
 * cancels the job.
 */
@Tag("spark")
class MatrixAsOneJobTest {
    /** A Spark job as the listener saw it start: its description and how many tasks its stages have. */
    record Job(String description, int tasks) {}

    static final List<Job> JOBS = new CopyOnWriteArrayList<>();
    /** Job id to its description, and the descriptions of the jobs that ended other than succeeded. */
    static final Map<Integer, String> DESCRIPTIONS = new ConcurrentHashMap<>();
    /** Told of each job as it starts, and of each job's description and whether it succeeded as it ends. */
    static volatile Consumer<Job> onJobStart = j -> {};
    static volatile java.util.function.BiConsumer<String, Boolean> onJobEnd = (d, ok) -> {};
    static SparkContext sc;

    @BeforeAll
    static void listen() {
        SparkEngine spark = (SparkEngine) Engines.open(new EngineSettings("spark", Optional.of("local[2]")));
        sc = spark.session().sparkContext();
        sc.addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                int tasks = 0;
                for (StageInfo s : scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos())) tasks += s.numTasks();
                Job job = new Job(String.valueOf(e.properties().getProperty("spark.job.description")), tasks);
                DESCRIPTIONS.put(e.jobId(), job.description());
                JOBS.add(job);
                onJobStart.accept(job);
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd e) {
                onJobEnd.accept(String.valueOf(DESCRIPTIONS.get(e.jobId())), e.jobResult() instanceof JobSucceeded$);
            }
        });
    }

    @TempDir Path dir;

    @Test
    void twentyInstancesRunAsOneJobOfTwentyTasksWithTheLocalOutputs() throws Exception {
        EnginesAgreeTest.writeData(dir);
        Pipeline p = Runs.pipeline("""
                pipeline: grid
                steps:
                  load:
                    uses: csv
                    with: {path: customers.csv}
                  gbdt:
                    uses: xgboost
                    inputs: {train: load.data}
                    with: {target: churned, features: [tenure, charges, plan], rounds: 5}
                    matrix:
                      eta: [0.1, 0.2, 0.3, 0.4, 0.5]
                      max_depth: [2, 3, 4, 5]
                  evaluate:
                    uses: evaluate
                    inputs: {models: ["gbdt[*].model"], test: load.data}
                    with: {metric: auc}
                """, dir);
        RunResult local = Runs.run(p, dir.resolve("local"), Optional.empty());
        RunResult spark = Runs.run(p, dir.resolve("spark"), Optional.of("local[2]"));
        assertThat(local.status()).as(local.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(spark.status()).as(spark.steps().toString()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(jobsOf("gbdt[")).as("the matrix's jobs: one, a task per instance").containsExactly(20);
        List<String> instances = spark.steps().stream().map(StepResult::name).filter(n -> n.startsWith("gbdt[")).toList();
        assertThat(instances).hasSize(20);
        for (String name : instances) {
            StepResult s = spark.step(name).orElseThrow();
            StepResult l = local.step(name).orElseThrow();
            assertThat(s.status()).as(name).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(Runs.log(s)).as(name).contains("engine: spark local[2]", "spark: one job of 20 tasks");
            assertThat(Runs.untimed(s.metrics())).as(name).isEqualTo(Runs.untimed(l.metrics())).containsKey("best_logloss");
            assertThat(Runs.files(Runs.table(s, "model"))).as(name).isEqualTo(Runs.files(Runs.table(l, "model")));
        }
        assertThat(spark.step("evaluate").orElseThrow().metrics()).isEqualTo(local.step("evaluate").orElseThrow().metrics());
    }

    @Test
    void anInstanceThatFailsInItsOwnCodeFailsAloneAndBlocksTheFanIn() throws Exception {
        EnginesAgreeTest.writeData(dir);
        Pipeline p = Runs.pipeline("""
                pipeline: grid-with-a-bad-instance
                steps:
                  load:
                    uses: csv
                    with: {path: customers.csv}
                  trial:
                    uses: xgboost
                    inputs: {train: load.data}
                    with: {features: [tenure, charges, plan], rounds: 5}
                    matrix:
                      target: [churned, no_such_column]
                      max_depth: [2, 3]
                  evaluate:
                    uses: evaluate
                    inputs: {models: ["trial[*].model"], test: load.data}
                    with: {metric: auc}
                """, dir);
        RunResult r = Runs.run(p, dir.resolve("spark"), Optional.of("local[2]"));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(jobsOf("trial[")).as("the matrix's jobs").containsExactly(4);
        List<StepResult> trials = r.steps().stream().filter(s -> s.name().startsWith("trial[")).toList();
        assertThat(trials).hasSize(4);
        for (StepResult s : trials) {
            if (s.name().contains("no_such_column")) {
                assertThat(s.status()).as(s.name()).isEqualTo(StepStatus.FAILED);
                assertThat(s.error().orElseThrow()).as(s.name()).contains("xgboost on spark").contains("no_such_column");
            } else {
                assertThat(s.status()).as(s.name()).isEqualTo(StepStatus.SUCCEEDED);
                assertThat(Runs.table(s, "model").resolve("model.json")).exists();
            }
        }
        assertThat(r.step("evaluate").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
    }

    @Test
    void cancellingTheRunCancelsTheMatrixJob() throws Exception {
        EnginesAgreeTest.writeData(dir);
        Pipeline p = Runs.pipeline("""
                pipeline: grid-cancelled
                steps:
                  load:
                    uses: csv
                    with: {path: customers.csv}
                  slow:
                    uses: xgboost
                    inputs: {train: load.data}
                    with: {target: churned, features: [tenure, charges, plan], rounds: 20000, early_stopping: 0, max_depth: 8}
                    matrix:
                      eta: [0.1, 0.2, 0.3]
                """, dir);
        Files.createDirectories(dir.resolve("run"));
        try (TempWorkspace ws = TempWorkspace.in(dir.resolve("run"))) {
            RunOptions options = RunOptions.defaults(ws.workspace().home()).withWorkers(2)
                    .withEngine(new EngineSettings("spark", Optional.of("local[2]")));
            CompletableFuture<RunHandle> handle = new CompletableFuture<>();
            CompletableFuture<Boolean> jobSucceeded = new CompletableFuture<>();
            onJobStart = job -> {   // the matrix's job started: cancel the run
                if (job.description().startsWith("sluice step slow[")) handle.thenAccept(RunHandle::cancel);
            };
            onJobEnd = (description, ok) -> {
                if (description.startsWith("sluice step slow[")) jobSucceeded.complete(ok);
            };
            try {
                handle.complete(new LocalExecutor(options, ws.workspace()).start(p, e -> {}));
                RunResult r = handle.get().await();
                assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
                assertThat(r.steps().stream().filter(s -> s.name().startsWith("slow["))).hasSize(3)
                        .allSatisfy(s -> assertThat(s.status()).as(s.name()).isEqualTo(StepStatus.CANCELLED));
                // 20,000 rounds of three models: a job that was not cancelled would end, succeeded
                assertThat(jobSucceeded.get()).as("the matrix's job ended cancelled, not finished").isFalse();
            } finally {
                onJobStart = j -> {};
                onJobEnd = (d, ok) -> {};
            }
        }
        assertThat(jobsOf("slow[")).as("the matrix's jobs").containsExactly(3);
    }

    /** The task counts of the jobs of the instances whose names start so, once the listener saw every event. */
    private static List<Integer> jobsOf(String instancePrefix) throws Exception {
        sc.listenerBus().waitUntilEmpty();
        return JOBS.stream().filter(j -> j.description().startsWith("sluice step " + instancePrefix)).map(Job::tasks).toList();
    }
}
