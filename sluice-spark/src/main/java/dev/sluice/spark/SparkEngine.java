package dev.sluice.spark;

import dev.sluice.api.Component;
import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;
import dev.sluice.engine.Engines;
import dev.sluice.engine.StepEngine;
import dev.sluice.ml.data.SparkTableSteps;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spark session (one per JVM, as Spark allows) that runs the work of steps as Spark jobs. Each step gets its own
 * {@link SparkSession#newSession() session} over the shared context, so the temporary views of two steps running at
 * once never meet. Driver and executors bind to 127.0.0.1 unless {@code SLUICE_SPARK_HOST} names another address; the
 * web UI is off. Thread-safe.
 *
 * <pre>{@code
 * StepEngine spark = SparkEngine.start("local[2]");
 * spark.run(new SqlComponent(), ctx);
 * }</pre>
 */
public final class SparkEngine implements StepEngine {
    static final String DEFAULT_MASTER = "local[*]";
    private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

    private final SparkSession spark;
    private final String master;

    private SparkEngine(SparkSession spark, String master) {
        this.spark = spark;
        this.master = master;
    }

    /** Starts the session on {@code master} ({@code local[N]}, {@code spark://host:port}), or joins the running one. */
    public static SparkEngine start(String master) {
        long t0 = System.nanoTime();
        String host = System.getenv().getOrDefault("SLUICE_SPARK_HOST", "127.0.0.1");
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined() && !running.get().sparkContext().master().equals(master)) {
            throw new PipelineException("spark: this process already runs a Spark session on "
                    + running.get().sparkContext().master() + "; Spark allows one per JVM, so a run on " + master
                    + " needs a process of its own");
        }
        SparkSession.Builder builder = SparkSession.builder();
        if (master.startsWith("spark://")) {
            // executors of a standalone cluster load Sluice's classes from the driver's class path, at the same paths
            // (one machine or a shared installation); SLUICE_SPARK_EXECUTOR_CLASSPATH replaces it
            builder.config("spark.executor.extraClassPath", System.getenv().getOrDefault("SLUICE_SPARK_EXECUTOR_CLASSPATH",
                    System.getProperty("java.class.path")));
            builder.config("spark.executor.memory", System.getenv().getOrDefault("SLUICE_SPARK_EXECUTOR_MEMORY", "768m"));
        }
        SparkSession session;
        try {
            session = builder.appName("sluice").master(master)
                    .config("spark.driver.host", host)
                    .config("spark.driver.bindAddress", host)
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.task.maxFailures", "4")
                    .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                    .getOrCreate();
        } catch (RuntimeException e) {
            throw new PipelineException("spark: cannot start a session on master " + master + ": " + e.getMessage()
                    + "; check --master (local[N] or spark://HOST:PORT) and that the master is reachable", e);
        }
        LOG.info("Spark session on {} started in {} ms", master, (System.nanoTime() - t0) / 1_000_000);
        return new SparkEngine(session, master);
    }

    /** The session steps fork theirs from. */
    public SparkSession session() {
        return spark;
    }

    @Override
    public String name() {
        return Engines.SPARK;
    }

    @Override
    public String describe() {
        return "spark " + master + " (Spark " + spark.version() + ")";
    }

    @Override
    public int runCommand(dev.sluice.engine.CommandWork work) throws Exception {
        return CommandTask.run(spark, work);
    }

    @Override
    public void run(Component component, StepContext ctx) throws Exception {
        SparkSession step = spark.newSession();
        switch (component.spec().name()) {
            case "parquet" -> SparkTableSteps.parquet(step, ctx);
            case "sql" -> SparkTableSteps.sql(step, ctx);
            case "split" -> SparkTableSteps.split(step, ctx);
            case "predict" -> SparkPredict.run(step, ctx);
            case "xgboost", "logistic", "random_forest", "linear", "csv", "expect", "profile" -> TaskStep.run(spark, component, ctx);
            default -> throw new IllegalArgumentException("spark does not run component '" + component.spec().name() + "'");
        }
    }

    /** The instances of a {@link TaskStep} component as one job, one task each ({@link TaskStep#runGroup}); others one by one. */
    @Override
    public java.util.List<Throwable> runGroup(Component component, java.util.List<? extends StepContext> steps) {
        if (!TaskStep.COMPONENTS.contains(component.spec().name())) return StepEngine.super.runGroup(component, steps);
        return TaskStep.runGroup(spark, component, steps);
    }
}
