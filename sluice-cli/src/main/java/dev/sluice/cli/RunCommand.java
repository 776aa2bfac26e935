package dev.sluice.cli;

import dev.sluice.api.DefinitionException;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunHandle;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.internal.Durations;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.RunRow;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.StepNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice run FILE [-p name=value]... [--workers N] [--fail-fast] [--no-cache] [--resume RUN_ID] [--json]
 * [--server URL]}: validates and runs a pipeline in the workspace (recorded, cached, resumable), or on a server
 * ({@link RemoteRun}), showing live progress, then a summary. Not thread-safe (one per invocation).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a pipeline file: live progress per step, then a summary.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run succeeded", "1:the run failed, was blocked by a check or was cancelled",
                "2:bad usage or an invalid pipeline"})
final class RunCommand extends PipelineFileCommand {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Sets a pipeline parameter (repeatable), e.g. -p max_depth=8.")
    List<String> params = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "Run at most N CPU slots at once (default: the number of CPUs).")
    Integer workers;

    @Option(names = "--fail-fast", description = "Cancel everything at the first failure instead of letting independent steps finish.")
    boolean failFast;

    @Option(names = "--json", description = "Print only one JSON summary of the run on stdout, no progress.")
    boolean json;

    @Option(names = "--no-cache", description = "Run every step, even those an earlier run already computed.")
    boolean noCache;

    @Option(names = "--dry-run", description = "Run nothing: show what would run and what would come from the cache, and"
            + " why (as sluice plan does); records nothing.")
    boolean dryRun;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "Resume a failed run: reuse the outputs of its succeeded steps that are unchanged, run the rest.")
    String resume;

    @Option(names = "--finally-grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "Once the run is cancelled (Ctrl-C), its finally: and on_failure: steps may take this long"
                    + " (e.g. 0s, 500ms, 2m) before they are stopped too (default: ${DEFAULT-VALUE}).")
    String finallyGrace = "30s";

    @Option(names = "--engine", paramLabel = "ENGINE", description = "Where the steps an engine can run go: local (this"
            + " JVM) or spark (Apache Spark: tables, sweeps, scoring; started through ./sluice, which adds sluice-spark to the"
            + " class path). Overrides the pipeline's engine:; a step's own engine: wins.")
    String engine;

    @Option(names = "--master", paramLabel = "MASTER", description = "With --engine spark: local[N] or spark://HOST:PORT"
            + " (default local[*]).")
    String master;

    @Option(names = "--server", paramLabel = "URL", description = "Run it on this sluice server (default: $SLUICE_SERVER;"
            + " token in $SLUICE_TOKEN): the server runs this version of the file from its --pipelines folders; Ctrl-C"
            + " cancels the remote run.")
    String server;

    /** A run command for arguments read without picocli (see {@link RunArguments}); {@link #run} executes it. */
    static RunCommand of(RunArguments a, SluiceCommand parent) {
        RunCommand c = new RunCommand();
        c.parent = parent;
        c.file = a.file();
        c.params = new ArrayList<>(a.params());
        c.workers = a.workers();
        c.failFast = a.failFast();
        c.json = a.json();
        c.noCache = a.noCache();
        c.resume = a.resume();
        return c;
    }

    @Override
    int execute() {
        return run(out(), err());
    }

    /**
     * Runs the command once the global options are applied; its options are valid (picocli or {@link RunArguments}
     * checked them). {@link Main} calls it directly for a plain {@code run}, after {@code parent.prepare()}.
     */
    int run(PrintWriter out, PrintWriter err) {
        Map<String, String> overrides = overrides(params, spec);
        RunOptions options = options();
        if (dryRun) return PlanCommand.show(parent, file, overrides, options, Optional.ofNullable(resume), json, out, err);
        Pipeline pipeline;
        try {
            pipeline = new PipelineLoading().loadRunnable(parent.environment().resolve(file), file, overrides);
        } catch (DefinitionException e) {
            return ProblemReport.refuse(e, file, json, out, err);
        }
        Optional<String> url = Source.serverUrl(parent.environment(), server);
        if (url.isPresent()) return remote(url.get(), pipeline, overrides, out, err);
        RunResult result;
        List<dev.sluice.report.SweepResult> sweeps;
        try (Workspace ws = Workspace.open(parent.environment().home())) {
            if (resume != null) {
                Optional<RunRow> run = findRun(ws, err);
                if (run.isEmpty()) return 2;
                options = options.withResume(run.get().id());
            }
            result = execute(pipeline, options, ws, out, err);
            sweeps = RunReport.sweeps(result, pipeline, ws);
        }
        ModelResults models = ModelResults.of(result, pipeline);
        if (json) ProblemReport.printJson(RunReport.json(result, models, sweeps), out);
        else RunReport.printText(result, out, "sluice run " + file + " --resume " + result.runId(), models, sweeps);
        return RunReport.exitCode(result);
    }

    /** {@code --server}: the server runs the pipeline; options that only shape a local run are refused. */
    private int remote(String url, Pipeline pipeline, Map<String, String> overrides, PrintWriter out, PrintWriter err) {
        if (engine != null) {
            throw new CommandLine.ParameterException(spec == null ? new CommandLine(this) : spec.commandLine(),
                    "--engine shapes a local run; the server runs with its own engines. Leave it out with --server.");
        }
        if (workers != null || failFast) {
            throw new CommandLine.ParameterException(spec == null ? new CommandLine(this) : spec.commandLine(),
                    (workers != null ? "--workers" : "--fail-fast") + " shapes a local run; the server runs with its own"
                            + " settings (sluice server --workers N). Leave it out with --server.");
        }
        var client = Source.client(parent.environment(), url, spec == null ? new CommandLine(this).getCommandSpec() : spec);
        return new RemoteRun(this, client).run(pipeline, parent.environment().resolve(file), overrides,
                Optional.ofNullable(resume), out, err);
    }

    private Optional<RunRow> findRun(Workspace ws, PrintWriter err) {
        try {
            Optional<RunRow> run = ws.metadata().queries().run(resume);
            if (run.isEmpty()) {
                err.println("--resume " + resume + ": no such run in " + ws.home() + "; list runs with: sluice runs");
                err.flush();
            }
            return run;
        } catch (MetadataException e) {
            err.println("--resume: " + e.getMessage()); // the message shows the id, shortened if it is long
            err.flush();
            return Optional.empty();
        }
    }

    @SuppressWarnings("try") // the resources live for the duration of the run; the body does not call them
    private RunResult execute(Pipeline pipeline, RunOptions options, Workspace ws, PrintWriter out, PrintWriter err) {
        CliEnvironment env = parent.environment();
        ProgressBoard board = new ProgressBoard(pipeline.steps().stream().map(StepNode::name).toList(),
                ProgressBoard.Durability.of(ws.metadata().writer()));
        if (!json) {
            out.println("running " + pipeline.name() + ": " + pipeline.steps().size() + " steps, "
                    + options.workers() + " workers");
            out.flush();
        }
        ProgressView view = json ? ProgressView.NONE
                : env.terminal() ? new LiveProgress(board, out, env.colour(), env.unicode(), env.columns())
                : new PlainProgress(board, out);
        RunHandle handle = new LocalExecutor(options, ws).start(pipeline, board);
        try (SignalHandlers signals = env.installSignals() ? SignalHandlers.install(handle::cancel, handle::killProcesses, err) : null;
             ProgressTicker ticker = new ProgressTicker(view)) {
            return handle.await();
        }
    }

    /** {@code -p NAME=VALUE} options as a map; a usage error when one has no {@code =}. */
    static Map<String, String> overrides(List<String> params, CommandSpec spec) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-p '" + p
                        + "' is not NAME=VALUE: write the parameter's name, '=' and its value, e.g. -p max_depth=8");
            }
            map.put(p.substring(0, eq).trim(), p.substring(eq + 1));
        }
        return map;
    }

    private RunOptions options() {
        RunOptions options = RunOptions.defaults(parent.environment().home()).withFailFast(failFast).withNoCache(noCache)
                .withFinallyGrace(grace());
        options = EngineOption.apply(options, engine, master, spec);
        if (workers == null) return options;
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--workers " + workers + " is not allowed: give at least 1, e.g. --workers 2");
        }
        return options.withWorkers(workers);
    }

    private Duration grace() {
        try {
            return Durations.parse("--finally-grace", finallyGrace);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec == null ? new CommandLine(this) : spec.commandLine(), e.getMessage());
        }
    }
}
