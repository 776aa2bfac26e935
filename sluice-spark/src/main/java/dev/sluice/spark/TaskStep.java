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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A step whose whole work runs inside one Spark task: a trainer of a sweep's instance, say. The driver writes what the
 * step was given (component, parameters, input paths) as JSON, a one-task Spark job runs the same component there
 * against a {@link TaskContext task's} context, in a folder of its own per attempt, and answers what it reported as
 * JSON; the driver then moves the outputs into the step's outputs and replays its log, metrics and checks. So the model
 * folder is the local trainer's, byte for byte the files it writes, and a task lost with its executor is retried by
 * Spark ({@code spark.task.maxFailures}). Nothing is Java-serialized but the task's two strings. Stateless.
 *
 * <p>The executors must see the step's folder and its inputs at the same paths (one machine, or a shared folder).
 */
public final class TaskStep {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskStep() {}

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
        JsonNode g = JSON.readTree(given);
        TaskContext task = TaskContext.get();
        Path dir = Path.of(g.get("base").asText()).resolve("attempt-" + (task == null ? 0 : task.attemptNumber()));
        deleteTree(dir);
        Files.createDirectories(dir);
        Component component = ComponentRegistry.defaults().resolve(g.get("component").asText());
        TaskContextOfStep ctx = new TaskContextOfStep(g, component.spec(), dir);
        long t0 = System.nanoTime();
        component.run(ctx);
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
