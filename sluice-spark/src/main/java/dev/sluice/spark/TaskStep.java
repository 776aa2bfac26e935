package dev.sluice.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Check;
import dev.sluice.api.Component;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortSpec;
import dev.sluice.api.StepContext;
import dev.sluice.pipeline.ComponentRegistry;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A step whose whole work runs inside one Spark task: a trainer of a sweep's instance, say. The driver writes what the
 * step was given (component, parameters, input paths) as JSON, a one-task Spark job runs the same component there
 * against a {@link TaskContext task's} context, in a folder of its own per attempt, and answers what it reported as
 * JSON; the driver then moves the outputs into the step's outputs and replays its log, metrics and checks. So the model
 * folder is the local trainer's, byte for byte the files it writes, and a task lost with its executor is retried by
 * Spark ({@code spark.task.maxFailures}). Nothing is Java-serialized but the task's two strings. Stateless.
 *
 * <p>The ready instances of a {@code matrix:} step run as one job instead ({@link #runGroup}): one task per instance,
 * each the same as the one-task job's, so a sweep takes as many executor cores as it has instances; an instance that
 * fails in its own code answers its failure (the task succeeds, so the job and the other instances go on), while a task
 * lost with its executor is retried by Spark.
 *
 * <p>The executors must see the step's folder and its inputs at the same paths (one machine, or a shared folder).
 */
public final class TaskStep {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The components whose whole work runs in one task. */
    static final Set<String> COMPONENTS = Set.of("xgboost", "logistic", "random_forest", "linear", "csv", "expect", "profile");

    private TaskStep() {}

    /**
     * Runs the steps of several instances of {@code component} as ONE Spark job with one task per instance (N elements in
     * N partitions) and hands each its own results; answers per step, in order, null or what failed it. A step whose
     * context is cancelled is not reported to; when all are, the job group is cancelled.
     */
    static List<Throwable> runGroup(SparkSession spark, Component component, List<? extends StepContext> steps) {
        String name = component.spec().name();
        List<Throwable> results = new ArrayList<>();
        List<String> givens = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            StepContext ctx = steps.get(k);
            results.add(null);
            try {
                Path base = ctx.workDir().resolve("spark-task");
                deleteTree(base);
                Files.createDirectories(base);
                givens.add(JSON.writeValueAsString(given(component, ctx, base)));
                sent.add(k);
            } catch (IOException | RuntimeException e) {
                results.set(k, e);
            }
        }
        if (givens.isEmpty()) return results;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String first = steps.get(sent.get(0)).stepName();
        String group = "sluice-group-" + first + "-" + System.nanoTime();
        jsc.setJobGroup(group, "sluice step " + first + " and " + (givens.size() - 1) + " more instances", true);
        List<String> answers;
        long t0 = System.nanoTime();
        try {
            JavaFutureAction<List<String>> job = jsc.parallelize(givens, givens.size()).map(TaskStep::inGroupTask).collectAsync();
            answers = await(job, steps);
        } catch (InterruptedException | CancellationException e) {
            for (int k : sent) results.set(k, new InterruptedException("cancelled"));
            return results;
        } catch (ExecutionException | RuntimeException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String why = c instanceof RuntimeException r ? taskFailure(r) : String.valueOf(c.getMessage());
            for (int k : sent) results.set(k, new PipelineException(name + " on spark: " + why, c));
            return results;
        } finally {
            jsc.clearJobGroup();
        }
        long jobMs = (System.nanoTime() - t0) / 1_000_000;
        for (int n = 0; n < sent.size(); n++) {
            int k = sent.get(n);
            StepContext ctx = steps.get(k);
            if (ctx.cancelled()) {   // its attempt ended while the job ran: its folder is no longer ours to write
                results.set(k, new InterruptedException("cancelled"));
                continue;
            }
            try {
                JsonNode a = JSON.readTree(answers.get(n));
                // bench/spark reads this line: the one job's time for all instances, and this instance's work in its task
                ctx.log("spark: one job of " + sent.size() + " tasks (one per instance) " + jobMs
                        + " ms, of which this step's work in its task " + a.path("task_ms").asLong() + " ms");
                if (a.has("error")) {
                    for (JsonNode line : a.get("log")) ctx.log(line.asText());
                    for (JsonNode line : a.get("trace")) ctx.log(line.asText());
                    results.set(k, new PipelineException(name + " on spark: " + a.get("error").asText()));
                } else {
                    replay(a, ctx);
                }
            } catch (IOException | RuntimeException e) {
                results.set(k, e);
            }
        }
        return results;
    }

    /** The job's answers; cancels it when every step's attempt was stopped while it ran. */
    private static List<String> await(JavaFutureAction<List<String>> job, List<? extends StepContext> steps)
            throws InterruptedException, ExecutionException {
        try {
            while (true) {
                try {
                    return job.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (steps.stream().allMatch(StepContext::cancelled)) {
                        job.cancel(true);
                        throw new CancellationException("every step of the group was stopped");
                    }
                }
            }
        } catch (InterruptedException e) {
            job.cancel(true);
            throw e;
        }
    }

    /** Runs {@code component}'s step in one Spark task and hands its results to {@code ctx}. */
    public static void run(SparkSession spark, Component component, StepContext ctx) throws IOException {
        Path base = ctx.workDir().resolve("spark-task");
        deleteTree(base);
        Files.createDirectories(base);
        String given = JSON.writeValueAsString(given(component, ctx, base));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("sluice step " + ctx.stepName());
        String answer;
        long t0 = System.nanoTime();
        try {
            answer = jsc.parallelize(List.of(given), 1).map(TaskStep::inTask).collect().get(0);
        } catch (RuntimeException e) {
            throw new PipelineException(component.spec().name() + " on spark: " + taskFailure(e), e);
        }
        long jobMs = (System.nanoTime() - t0) / 1_000_000;
        JsonNode a = JSON.readTree(answer);
        // what Spark adds (the job around the task) apart from the step's own work; bench/spark reads this line
        ctx.log("spark: job " + jobMs + " ms, of which the step's work in the task " + a.path("task_ms").asLong() + " ms");
        replay(a, ctx);
    }

    private static ObjectNode given(Component component, StepContext ctx, Path base) {
        ObjectNode g = JSON.createObjectNode();
        g.put("component", component.spec().name());
        g.put("step", ctx.stepName());
        g.put("attempt", ctx.attempt());
        g.put("cpus", ctx.cpus());
        g.put("pipelineDir", ctx.pipelineDir().toString());
        g.put("base", base.toString());
        g.set("params", JSON.valueToTree(ctx.params()));
        ObjectNode inputs = g.putObject("inputs");
        for (PortSpec p : component.spec().inputs()) {
            if (!ctx.hasInput(p.name())) continue;
            ArrayNode paths = inputs.putArray(p.name());
            for (Path path : ctx.inputs(p.name())) paths.add(path.toString());
        }
        return g;
    }

    /** In the executor: runs the component of {@code given} and answers what it reported. */
    static String inTask(String given) throws Exception {
        return inTask(given, false);
    }

    /**
     * In the executor, as one task of a group's job: as {@link #inTask(String)}, but a failure of the step's own code is
     * answered (with its message, stack trace and the log so far), so that the job and the group's other tasks go on;
     * a task killed by the job's cancel still fails as Spark expects.
     */
    static String inGroupTask(String given) throws Exception {
        return inTask(given, true);
    }

    private static String inTask(String given, boolean answerFailure) throws Exception {
        JsonNode g = JSON.readTree(given);
        TaskContext task = TaskContext.get();
        Path dir = Path.of(g.get("base").asText()).resolve("attempt-" + (task == null ? 0 : task.attemptNumber()));
        deleteTree(dir);
        Files.createDirectories(dir);
        Component component = ComponentRegistry.defaults().resolve(g.get("component").asText());
        TaskContextOfStep ctx = new TaskContextOfStep(g, component.spec(), dir);
        long t0 = System.nanoTime();
        try {
            component.run(ctx);
        } catch (Exception | StackOverflowError e) {
            if (!answerFailure || task == null || task.isInterrupted()) throw e;
            ObjectNode failed = ctx.answer();
            failed.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            failed.set("trace", JSON.valueToTree(trace.toString().lines().toList()));
            failed.put("task_ms", (System.nanoTime() - t0) / 1_000_000);
            return JSON.writeValueAsString(failed);
        }
        ObjectNode answer = ctx.answer();
        answer.put("task_ms", (System.nanoTime() - t0) / 1_000_000);
        return JSON.writeValueAsString(answer);
    }

    private static void replay(JsonNode answer, StepContext ctx) throws IOException {
        for (JsonNode line : answer.get("log")) ctx.log(line.asText());
        for (var it = answer.get("outputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode o = e.getValue();
            Path from = Path.of(o.path("path").asText());
            switch (o.get("kind").asText()) {
                case "file" -> Files.move(from, ctx.outputFile(e.getKey(), from.getFileName().toString()),
                        StandardCopyOption.REPLACE_EXISTING);
                case "dir" -> moveChildren(from, ctx.outputDir(e.getKey()));
                default -> ctx.outputValue(e.getKey(), JSON.treeToValue(o.get("value"), Object.class));
            }
        }
        for (var it = answer.get("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ctx.metric(e.getKey(), e.getValue().asDouble());
        }
        for (JsonNode c : answer.get("checks")) {
            ctx.check(new Check(c.get("name").asText(), c.get("passed").asBoolean(), c.get("expected").asText(),
                    c.get("observed").asText(), c.get("details").asText(), Check.Severity.valueOf(c.get("severity").asText())));
        }
    }

    /** The task's own failure, as its exception said it, without Spark's stage wrapping. */
    static String taskFailure(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && t instanceof SparkException) t = t.getCause();
        String m = String.valueOf(t.getMessage());
        int at = m.indexOf("most recent failure:");
        if (at >= 0) m = m.substring(at + "most recent failure:".length()).strip();
        return m.lines().findFirst().orElse(m);
    }

    private static void moveChildren(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) Files.move(p, to.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
