package dev.sluice.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.PipelineException;
import dev.sluice.engine.CommandWork;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * A command step's process run inside one Spark task ({@link CommandWork}). The driver sends the argument list, the
 * environment and the paths of its staged working folder as JSON (nothing Java-serialized); the task makes a working
 * folder of its own on the executor ({@code java.io.tmpdir}), copies the inputs into {@code inputs/<name>} there,
 * creates {@code outputs/<name>}, replaces the driver's paths in the arguments and the environment by its own, runs
 * the program (no shell; stdin from {@code /dev/null}; stdout and stderr to the files the driver named), copies the
 * outputs back into the driver's {@code outputs/<name>} and deletes its folder. A non-zero exit is the task's answer,
 * not a failure, so Spark retries only a task lost with its executor. Stateless.
 *
 * <p>The executors must see the step's folder at the driver's paths (one machine, or a shared folder), as for
 * {@link TaskStep}; the program must be installed on the executors.
 */
final class CommandTask {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final File NULL_FILE = new File("/dev/null");

    private CommandTask() {}

    /** Runs the process in one Spark task and answers its exit code; an interrupt cancels the job, which kills it. */
    static int run(SparkSession spark, CommandWork work) throws IOException, InterruptedException {
        ObjectNode g = JSON.createObjectNode();
        g.put("step", work.step());
        g.set("argv", JSON.valueToTree(work.argv()));
        g.set("env", JSON.valueToTree(work.env()));
        g.put("work", work.work().toString());
        ObjectNode in = g.putObject("inputs");
        work.inputs().forEach((k, v) -> in.put(k, v.toString()));
        ObjectNode out = g.putObject("outputs");
        work.outputs().forEach((k, v) -> out.put(k, v.toString()));
        g.put("stdout", work.stdout().toString());
        g.put("stderr", work.stderr().toString());
        String given = JSON.writeValueAsString(g);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String group = "sluice-command-" + work.step() + "-" + System.nanoTime();
        jsc.setJobGroup(group, "sluice command step " + work.step(), true);
        try {
            JavaFutureAction<List<Integer>> job = jsc.parallelize(List.of(given), 1).map(CommandTask::inTask).collectAsync();
            try {
                return job.get().get(0);
            } catch (InterruptedException e) {
                job.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof RuntimeException r ? r : e;
                throw new PipelineException("command step on spark: " + (c instanceof RuntimeException r
                        ? TaskStep.taskFailure(r) : String.valueOf(c.getMessage())), c);
            }
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** In the executor: stages, runs, collects; answers the exit code. */
    static int inTask(String given) throws Exception {
        JsonNode g = JSON.readTree(given);
        Path driverWork = Path.of(g.get("work").asText());
        TaskContext task = TaskContext.get();
        Path local = Files.createTempDirectory("sluice-cmd-" + (task == null ? 0 : task.attemptNumber()) + "-");
        try {
            Map<String, String> moved = new LinkedHashMap<>();   // the driver's path -> the executor's
            for (var it = g.get("inputs").properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                Path from = Path.of(e.getValue().asText());
                Path to = local.resolve(driverWork.relativize(from));
                copyTree(from, to);
                moved.put(from.toString(), to.toString());
            }
            for (var it = g.get("outputs").properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                Path from = Path.of(e.getValue().asText());
                Path to = local.resolve(driverWork.relativize(from));
                Files.createDirectories(to);
                moved.put(from.toString(), to.toString());
            }
            moved.put(driverWork.toString(), local.toString());
            List<String> argv = new ArrayList<>();
            for (JsonNode a : g.get("argv")) argv.add(relocate(a.asText(), moved));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(local.toFile()).redirectInput(ProcessBuilder.Redirect.from(NULL_FILE))
                    .redirectOutput(Path.of(g.get("stdout").asText()).toFile()).redirectError(Path.of(g.get("stderr").asText()).toFile());
            for (var it = g.get("env").properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                pb.environment().put(e.getKey(), relocate(e.getValue().asText(), moved));
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                Files.writeString(Path.of(g.get("stderr").asText()), "cannot start '" + argv.getFirst() + "' on the executor: "
                        + e.getMessage() + "; check that the program is installed there and on PATH (or give its path)\n");
                return 127;
            }
            int exit;
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw e;
            }
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);   // nothing the step started outlives it
            for (var it = g.get("outputs").properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                Path back = Path.of(e.getValue().asText());
                TaskStep.deleteTree(back);
                copyTree(Path.of(moved.get(back.toString())), back);
            }
            return exit;
        } finally {
            TaskStep.deleteTree(local);
        }
    }

    /** {@code value} with a leading driver path (the whole value, or followed by {@code /}) replaced by the executor's. */
    static String relocate(String value, Map<String, String> moved) {
        String best = null;
        for (String from : moved.keySet()) {
            if ((value.equals(from) || value.startsWith(from + "/")) && (best == null || from.length() > best.length())) best = from;
        }
        return best == null ? value : moved.get(best) + value.substring(best.length());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            Files.createDirectories(to);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(t);
                    else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } else {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
