package dev.sluice.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.CommandWork;
import dev.sluice.engine.StepEngine;
import dev.sluice.pipeline.StepKind;
import dev.sluice.pipeline.StepNode;
import dev.sluice.pipeline.Template;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a command step as a child process, never through a shell.
 *
 * <p>The process starts in a clean working folder {@code <runDir>/steps/<step>/work/} (fresh for each attempt)
 * holding {@code inputs/<name>/} (see {@link CommandFiles}) and empty {@code outputs/<name>/} folders; stdin is
 * {@code /dev/null}; stdout and stderr both go to the step's {@code log.txt}, and every stdout line that is a JSON
 * object records its numeric fields as metrics.
 *
 * <p>Arguments are templates rendered at start ({@code ${with.n}}, {@code ${inputs.train}}, ...). After rendering,
 * an argument (after the first) that is a relative path naming an existing regular file under the pipeline's
 * folder is replaced by its absolute path, so {@code run: [python3, train.py]} finds {@code train.py} although the
 * process runs in the clean working folder; a first argument containing {@code /} (such as {@code bin/train}) is
 * resolved against the pipeline's folder too, while a bare program name ({@code python3}) is looked up on
 * {@code PATH}.
 *
 * <p>Environment: inherited, plus {@code SLUICE_PARAM_<NAME>} per parameter (upper case, other characters than
 * letters and digits become {@code _}; lists comma-joined), {@code SLUICE_INPUT_<NAME>} and
 * {@code SLUICE_OUTPUT_<NAME>} (absolute paths), {@code SLUICE_STEP}, {@code SLUICE_RUN_ID},
 * {@code SLUICE_PIPELINE_DIR}, and the step's {@code env:} (rendered). Thread-safe; one instance per run.
 *
 * <p>The command leads a session of its own ({@link ProcessSessions}), recorded in the run folder while it runs
 * ({@link ProcessRecords}); when it exits, times out or is cancelled, every process left in its session is killed.
 *
 * <p>A step whose own {@code engine:} runs command steps ({@code engine: spark}) is rendered and staged the same way,
 * and its process runs on that engine ({@link StepEngine#runCommand}) in a working folder of the engine's, with the
 * same files contract.
 */
final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final File NULL_FILE = new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");

    private final Path baseDir;
    private final String runId;
    private final ProgramPaths programs = new ProgramPaths();
    private final java.util.function.Predicate<Path> damaged;
    private final ProcessRecords records;

    /**
     * @param damaged removes a stored file a step changed through a hard link; false when it is not a stored file
     * @param records where the sessions of running commands are written down
     */
    CommandRunner(Path baseDir, String runId, java.util.function.Predicate<Path> damaged, ProcessRecords records) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.runId = runId;
        this.damaged = damaged;
        this.records = records;
    }

    Outcome run(StepNode node, StepKind.CommandStep cmd, Attempt attempt, StepInputs inputs, Map<String, Object> params,
                RefResolver resolver, StepFolder folder, StepLog log, java.util.Optional<StepEngine> engine)
            throws IOException, InterruptedException {
        Path work = StepFolder.ensure(folder.work());
        CommandFiles.Staged staged = CommandFiles.stageInputs(inputs, work.resolve("inputs"));
        Map<String, Path> inPaths = staged.paths();
        Map<String, Path> outPaths = CommandFiles.prepareOutputs(cmd.outputs(), work.resolve("outputs"));
        resolver.withPaths(inPaths, outPaths);
        List<String> argv;
        Map<String, String> env;
        try {
            StepParams.render(params, resolver, null);
            argv = argv(cmd, resolver);
            env = environment(node, params, inPaths, outPaths, resolver);
        } catch (IllegalArgumentException e) {
            return Outcome.Failed.of(e.getMessage());
        }
        log.line("$ " + display(cmd, argv));
        if (engine.isPresent()) {
            return inputsIntact(node, work, staged.links(), remote(engine.get(), node, cmd, attempt, argv, env, work, inPaths, outPaths, log));
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile()).redirectInput(ProcessBuilder.Redirect.from(NULL_FILE));
        pb.environment().putAll(env);
        boolean session = launchIn(pb, argv);
        long lastPid = session ? ProcessSessions.lastPid() : -1; // what is left of the session later has a newer pid
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return Outcome.Failed.of("cannot start '" + argv.getFirst() + "': " + e.getMessage()
                    + "; check that the program is installed and on PATH (or give its path)");
        }
        if (session) records.started(process.pid(), node.name());
        Outcome o;
        try {
            o = await(node, cmd, attempt, process, session, outPaths, log, lastPid, started);
        } finally {
            if (session) records.ended(process.pid());
        }
        return inputsIntact(node, work, staged.links(), o);
    }

    /**
     * Sets the command line: the program found on {@code PATH}, in a session of its own ({@link ProcessSessions})
     * when the program is an executable file (else it is started as given, for the launcher to report it missing).
     *
     * @return whether the command leads a session of its own
     */
    private boolean launchIn(ProcessBuilder pb, List<String> argv) {
        String program = programs.resolve(argv.getFirst(), pb.environment().get("PATH"));
        List<String> prefix = ProcessSessions.launcher();
        Path exe = Path.of(program);
        boolean session = !prefix.isEmpty() && exe.isAbsolute() && Files.isRegularFile(exe) && Files.isExecutable(exe);
        List<String> launched = new ArrayList<>(session ? prefix : List.of());
        launched.add(program);
        launched.addAll(argv.subList(1, argv.size()));
        pb.command(launched);
        return session;
    }

    /**
     * Fails the step when it changed an input it was given as a hard link (a big stored file: see {@link CommandFiles}),
     * whatever else it did, and has the damaged file removed from the store so that it is computed again.
     */
    private Outcome inputsIntact(StepNode node, Path work, List<CommandFiles.Link> links, Outcome o) {
        List<CommandFiles.Link> changed = links.stream().filter(CommandFiles.Link::changed).toList();
        if (changed.isEmpty()) return o;
        boolean removed = false;
        for (CommandFiles.Link l : changed) removed |= damaged.test(l.source());
        String files = String.join(", ", changed.stream().map(l -> work.relativize(l.staged()).toString()).toList());
        return new Outcome.Failed("step '" + node.name() + "' changed its input file" + (changed.size() > 1 ? "s " : " ") + files
                + ", which " + (changed.size() > 1 ? "are" : "is") + " shared with " + (removed ? "the artifact store"
                : "the step that produced it") + " (a hard link): a command step must not write to its inputs; copy an input"
                + " before changing it." + (removed ? " The changed artifact was removed from the store and will be computed"
                + " again." : ""), false, Map.of(), o instanceof Outcome.Succeeded s ? s.metrics() : Map.of(), List.of());
    }

    private Outcome await(StepNode node, StepKind.CommandStep cmd, Attempt attempt, Process process, boolean session,
                          Map<String, Path> outPaths, StepLog log, long lastPid, long started)
            throws IOException, InterruptedException {
        attempt.bindProcess(process, session);
        Map<String, Double> metrics = Collections.synchronizedMap(new LinkedHashMap<>());
        Thread out = Thread.ofVirtual().name("sluice-stdout-" + node.name()).start(() -> pump(process.getInputStream(), log, metrics));
        Thread err = Thread.ofVirtual().name("sluice-stderr-" + node.name()).start(() -> pump(process.getErrorStream(), log, null));
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            ProcessTrees.kill(process.toHandle(), session);
            throw e;
        }
        if (session) killLeftovers(process.pid(), log, ProcessSessions.window(lastPid, System.nanoTime() - started));
        joinReaders(node, out, err);
        Map<String, Double> m;
        synchronized (metrics) {
            m = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
        if (exit != 0) {
            String tail = log.tail();
            return new Outcome.Failed("exit code " + exit + (tail.isEmpty() ? "" : "; last output: " + tail), false,
                    Map.of(), m, List.of());
        }
        try {
            return new Outcome.Succeeded(CommandFiles.collect(node.name(), cmd.outputs(), outPaths), m, List.of());
        } catch (IllegalStateException e) {
            return new Outcome.Failed(e.getMessage(), false, Map.of(), m, List.of());
        }
    }

    /**
     * Runs the process on {@code engine} ({@link CommandWork}: its own working folder there, the inputs copied in, the
     * outputs copied back into {@code outPaths}), then logs its stdout and stderr (in that order) and reads metrics and
     * outputs as for a local process. A cancelled or timed-out attempt interrupts the engine's call, which stops it.
     */
    private Outcome remote(StepEngine engine, StepNode node, StepKind.CommandStep cmd, Attempt attempt, List<String> argv,
                           Map<String, String> env, Path work, Map<String, Path> inPaths, Map<String, Path> outPaths,
                           StepLog log) throws IOException, InterruptedException {
        log.line("engine: " + engine.describe());
        Path streams = StepFolder.ensure(work.resolveSibling("remote"));
        Map<String, Path> staged = new LinkedHashMap<>();
        inPaths.forEach((k, v) -> {
            if (v != null) staged.put(k, v);
        });
        CommandWork w = new CommandWork(node.name(), argv, env, work, staged, outPaths, streams.resolve("stdout"),
                streams.resolve("stderr"));
        java.util.concurrent.FutureTask<Integer> task = new java.util.concurrent.FutureTask<>(() -> engine.runCommand(w));
        Thread runner = Thread.ofVirtual().name("sluice-remote-" + node.name()).start(task);
        int exit;
        try {
            while (true) {
                try {
                    exit = task.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (attempt.aborted() != null) {
                        runner.interrupt();
                        runner.join(java.time.Duration.ofSeconds(30));
                        return Outcome.Failed.of("stopped on " + engine.name() + " (" + attempt.aborted().name().toLowerCase(Locale.ROOT) + ")");
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    return Outcome.Failed.of("engine " + engine.name() + " could not run the command: " + cause.getMessage());
                }
            }
        } catch (InterruptedException e) {
            runner.interrupt();
            throw e;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (Files.exists(w.stdout())) pump(Files.newInputStream(w.stdout()), log, metrics);
        if (Files.exists(w.stderr())) pump(Files.newInputStream(w.stderr()), log, null);
        Map<String, Double> m = Collections.unmodifiableMap(metrics);
        if (exit != 0) {
            String tail = log.tail();
            return new Outcome.Failed("exit code " + exit + " on " + engine.name() + (tail.isEmpty() ? "" : "; last output: " + tail),
                    false, Map.of(), m, List.of());
        }
        try {
            return new Outcome.Succeeded(CommandFiles.collect(node.name(), cmd.outputs(), outPaths), m, List.of());
        } catch (IllegalStateException e) {
            return new Outcome.Failed(e.getMessage(), false, Map.of(), m, List.of());
        }
    }

    /**
     * Nothing a step started outlives it: what is left of its session when the command exits is killed. Only the
     * processes started since the command are read ({@code window}), not every process of the machine.
     */
    private static void killLeftovers(long sid, StepLog log, java.util.Optional<ProcessSessions.PidWindow> window) {
        List<String> killed = ProcessSessions.kill(sid, pid -> true, window);
        if (!killed.isEmpty()) {
            log.line("[sluice: killed " + killed.size() + (killed.size() == 1 ? " process" : " processes")
                    + " the step left running: " + String.join(", ", killed) + "]");
        }
    }

    /** Waits (bounded) for the stream readers: a grandchild that outlives the command may hold the pipes open. */
    private static void joinReaders(StepNode node, Thread out, Thread err) throws InterruptedException {
        if (!out.join(java.time.Duration.ofSeconds(10)) || !err.join(java.time.Duration.ofSeconds(10))) {
            LOG.warn("step '{}': the command exited but something it started still holds its output open; "
                    + "its further output is not logged. Make the command wait for its children.", node.name());
        }
    }

    /**
     * Copies a stream to the log line by line, holding at most {@link StepLog#MAX_LINE_CHARS} bytes of a line: a
     * longer line is logged cut, with its length, and is not read as metrics.
     */
    static void pump(InputStream in, StepLog log, Map<String, Double> metrics) {
        LineCutter line = new LineCutter(StepLog.MAX_LINE_CHARS);
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') continue;
                    line.add(buffer, start, i - start);
                    emit(line, log, metrics);
                    start = i + 1;
                }
                line.add(buffer, start, n - start);
            }
        } catch (IOException e) {
            LOG.debug("stream of a command closed: {}", e.toString());
        }
        if (line.length() > 0) emit(line, log, metrics);
    }

    private static void emit(LineCutter line, StepLog log, Map<String, Double> metrics) {
        String text = line.text();
        if (line.cut()) {
            log.line(text + " [line cut: " + line.length() + " bytes in all; only the first " + line.kept() + " are logged]");
        } else {
            log.line(text);
            if (metrics != null) parseMetrics(text, metrics);
        }
        line.reset();
    }

    /** Records the numeric fields of a line that is a JSON object; anything else is just output. */
    static void parseMetrics(String line, Map<String, Double> metrics) {
        String t = line.trim();
        if (!t.startsWith("{")) return;
        try {
            JsonNode node = CommandFiles.JSON.readTree(t);
            if (node == null || !node.isObject()) return;
            node.properties().forEach(e -> {
                if (e.getValue().isNumber()) metrics.put(e.getKey(), e.getValue().asDouble());
            });
        } catch (IOException e) {
            // not JSON after all: plain output
        }
    }

    private List<String> argv(StepKind.CommandStep cmd, RefResolver resolver) {
        List<String> out = new ArrayList<>(cmd.argv().size());
        for (Template t : cmd.argv()) out.add(Template.text(t.render(resolver)));
        if (out.isEmpty()) throw new IllegalArgumentException("the command is empty; write run: [program, arg, ...]");
        String program = out.getFirst();
        if (program.indexOf('/') >= 0 && !Path.of(program).isAbsolute()) out.set(0, baseDir.resolve(program).normalize().toString());
        for (int i = 1; i < out.size(); i++) out.set(i, absoluteIfPipelineFile(out.get(i)));
        return out;
    }

    /** The command line for the log; arguments that read the environment show their template, never a secret. */
    private static String display(StepKind.CommandStep cmd, List<String> argv) {
        List<String> shown = new ArrayList<>(argv);
        for (int i = 0; i < shown.size(); i++) {
            if (cmd.argv().get(i).refs().stream().anyMatch(r -> r.namespace().equals("env"))) shown.set(i, cmd.argv().get(i).source());
        }
        return String.join(" ", shown);
    }

    private String absoluteIfPipelineFile(String arg) {
        if (arg.isEmpty() || arg.startsWith("-")) return arg;
        try {
            Path p = Path.of(arg);
            if (p.isAbsolute()) return arg;
            Path abs = baseDir.resolve(p).normalize();
            return abs.startsWith(baseDir) && Files.isRegularFile(abs) ? abs.toString() : arg;
        } catch (InvalidPathException e) {
            return arg;
        }
    }

    private Map<String, String> environment(StepNode node, Map<String, Object> params, Map<String, Path> in,
                                            Map<String, Path> out, RefResolver resolver) {
        Map<String, String> env = new LinkedHashMap<>();
        params.forEach((k, v) -> env.put("SLUICE_PARAM_" + envName(k), Template.text(v)));
        in.forEach((k, v) -> {
            if (v != null) env.put("SLUICE_INPUT_" + envName(k), v.toString());
        });
        out.forEach((k, v) -> env.put("SLUICE_OUTPUT_" + envName(k), v.toString()));
        env.put("SLUICE_STEP", node.name());
        env.put("SLUICE_RUN_ID", runId);
        env.put("SLUICE_PIPELINE_DIR", baseDir.toString());
        node.env().forEach((k, v) -> env.put(k, Template.text(Template.parse(v).render(resolver))));
        return env;
    }

    static String envName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }
}
