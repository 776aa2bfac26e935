package dev.sluice.spark;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.engine.EngineSettings;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.testing.TempWorkspace;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real standalone cluster on 127.0.0.1 (a master and two workers, child JVMs from the Maven jars): a pipeline with a
 * Spark {@code sql} step and a 20-instance sweep whose instances train in Spark tasks. One worker is killed (with its
 * executor) once the sweep is under way; Spark runs the lost task again on the other, and the run succeeds with all
 * 20 models, the best one registered, its lineage back to the data whole. The 20 instances are one Spark job of 20
 * tasks; the worker is killed from a Spark listener as a task of that job starts on it after three of its tasks ended,
 * so a model is being trained there when it goes.
 */
@Tag("spark")
class StandaloneClusterTest {
    static final String PIPELINE = """
            pipeline: cluster
            steps:
              load:
                uses: csv
                with: {path: customers.csv}
              features:
                uses: sql
                inputs: {tables: load.data}
                with: {query: "SELECT id, plan, tenure, charges, churned FROM data WHERE tenure >= 0 ORDER BY id"}
              split:
                uses: split
                inputs: {data: features.data}
                with: {test: 0.25, seed: 5}
              gbdt:
                uses: xgboost
                inputs: {train: split.train}
                with: {target: churned, features: [tenure, charges, plan], rounds: 10}
                matrix:
                  eta: [0.05, 0.1, 0.2, 0.3, 0.5]
                  max_depth: [2, 3, 4, 5]
              evaluate:
                uses: evaluate
                inputs: {models: ["gbdt[*].model"], test: split.test}
                with: {metric: auc}
              register:
                uses: register
                inputs: {model: evaluate.best}
                with: {name: churn, alias: challenger}
            """;

    @TempDir Path dir;

    @Test
    void aSweepSurvivesTheLossOfAWorkerAndRegistersTheBestOfAllTwentyModels() throws Exception {
        EnginesAgreeTest.writeData(dir);
        Pipeline p = Runs.pipeline(PIPELINE, dir);
        try (LocalCluster cluster = LocalCluster.start(dir, 2)) {
            Files.createDirectories(dir.resolve("run"));
            try (TempWorkspace ws = TempWorkspace.in(dir.resolve("run"))) {
                RunOptions options = RunOptions.defaults(ws.workspace().home()).withWorkers(2)
                        .withEngine(new EngineSettings("spark", Optional.of(cluster.url())));
                AtomicInteger trained = new AtomicInteger();
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger lostTasks = new AtomicInteger();
                AtomicInteger sweepJobs = new AtomicInteger();
                AtomicInteger sweepTasks = new AtomicInteger();
                Set<Integer> sweepStages = ConcurrentHashMap.newKeySet();
                SparkListener killer = new SparkListener() {
                    @Override
                    public void onJobStart(SparkListenerJobStart e) {   // the sweep's job: its instances' tasks
                        if (!String.valueOf(e.properties().getProperty("spark.job.description")).startsWith("sluice step gbdt[")) return;
                        sweepJobs.incrementAndGet();
                        for (var st : scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos())) {
                            sweepStages.add(st.stageId());
                            sweepTasks.addAndGet(st.numTasks());
                        }
                    }

                    @Override
                    public void onTaskStart(SparkListenerTaskStart e) {   // mid-sweep, while a model trains on worker 0
                        if (sweepStages.contains(e.stageId()) && trained.get() >= 3
                                && cluster.workerOf(e.taskInfo().executorId()) == 0 && killed.compareAndSet(false, true)) {
                            cluster.killWorker(0);
                        }
                    }

                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd e) {
                        if (!(e.reason() instanceof org.apache.spark.Success$)) lostTasks.incrementAndGet();
                        else if (sweepStages.contains(e.stageId())) trained.incrementAndGet();
                    }
                };
                RunResult r = new LocalExecutor(options, ws.workspace()).run(p, e -> {
                    if (e instanceof RunEvent.StepStarted s && s.step().equals("split")) {   // the session runs by then
                        SparkSession.getDefaultSession().get().sparkContext().addSparkListener(killer);
                    }
                });
                ws.workspace().metadata().writer().flush();
                assertThat(killed).as("a worker was killed while it trained a model").isTrue();
                assertThat(lostTasks.get()).as("tasks lost with the worker, run again elsewhere").isPositive();
                assertThat(sweepJobs.get()).as("the 20 instances' jobs").isEqualTo(1);
                assertThat(sweepTasks.get()).as("the tasks of the sweep's job").isEqualTo(20);
                assertThat(r.status()).as(r.steps() + "\nlogs: " + cluster.logs()).isEqualTo(RunStatus.SUCCEEDED);
                List<StepResult> models = r.steps().stream().filter(s -> s.name().startsWith("gbdt[")).toList();
                assertThat(models).hasSize(20).allSatisfy(s -> {
                    assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED);
                    assertThat(Runs.table(s, "model").resolve("model.json")).exists();
                });
                assertThat(Runs.log(r.step("features").orElseThrow())).contains("engine: spark " + cluster.url());
                assertThat(r.step("register").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
                assertThat(ws.workspace().metadata().models().versions("churn")).hasSize(1);
                String model = ws.workspace().metadata().models().versions("churn").get(0).artifactId();
                assertThat(ws.workspace().metadata().lineage().upstream(model).nodes()).as("the registered model's lineage")
                        .extracting(n -> n.stepRun().step()).contains("split", "features", "load")
                        .anyMatch(step -> step.startsWith("gbdt["));
            }
        }
    }
}
