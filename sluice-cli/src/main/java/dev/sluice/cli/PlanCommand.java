package dev.sluice.cli;

import dev.sluice.api.DefinitionException;
import dev.sluice.exec.PlannedStep;
import dev.sluice.exec.Planner;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataException;
import dev.sluice.meta.RunRow;
import dev.sluice.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sluice plan FILE [-p NAME=VALUE]... [--no-cache] [--resume RUN_ID] [--json]}: what {@code sluice run} would
 * do, step by step, with the reason for each; runs nothing, records nothing and creates no workspace. Also what
 * {@code sluice run --dry-run} prints. Not thread-safe (one per invocation).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows what 'sluice run' would do without running anything: the steps that would run and those that"
                + " would come from the cache, each with its reason (never ran, parameter, input or code changed, upstream"
                + " runs first), the matrix and sweep instances, and the checks that would be evaluated again.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the plan was shown", "2:bad usage or an invalid pipeline"})
final class PlanCommand extends PipelineFileCommand {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Sets a pipeline parameter (repeatable), as for run.")
    List<String> params = new ArrayList<>();

    @Option(names = "--no-cache", description = "Plan a run that takes nothing from the cache.")
    boolean noCache;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "Plan the resumption of this run.")
    String resume;

    @Option(names = "--json", description = "Print {\"pipeline\", \"file\", \"workspace\", \"summary\", \"steps\": [{\"name\","
            + " \"decision\", \"reason\", \"why\", \"changes\", ...}], \"instances\", \"sweeps\", \"checks\"} on stdout.")
    boolean json;

    @Override
    int execute() {
        RunOptions options = RunOptions.defaults(parent.environment().home()).withNoCache(noCache);
        return show(parent, file, RunCommand.overrides(params, spec), options, Optional.ofNullable(resume), json,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Loads, plans and prints; shared with {@code run --dry-run}. Returns the exit code. */
    static int show(SluiceCommand parent, String file, java.util.Map<String, String> overrides, RunOptions options,
                    Optional<String> resume, boolean json, PrintWriter out, PrintWriter err) {
        Pipeline pipeline;
        try {
            pipeline = new PipelineLoading().loadRunnable(parent.environment().resolve(file), file, overrides);
        } catch (DefinitionException e) {
            return ProblemReport.refuse(e, file, json, out, err);
        }
        Optional<Workspace> ws = Workspace.openForReading(parent.environment().home());
        try {
            if (resume.isPresent()) {
                Optional<RunRow> run = resumed(ws, resume.get(), parent, err);
                if (run.isEmpty()) return 2;
                options = options.withResume(run.get().id());
            }
            List<PlannedStep> steps = new Planner(ws).plan(pipeline, options);
            PlanOutput plan = new PlanOutput(pipeline, steps, ws);
            if (json) ProblemReport.printJson(plan.json(file), out);
            else plan.printText(file, out);
            return 0;
        } finally {
            ws.ifPresent(Workspace::close);
        }
    }

    private static Optional<RunRow> resumed(Optional<Workspace> ws, String id, SluiceCommand parent, PrintWriter err) {
        if (ws.isEmpty()) {
            err.println("--resume " + id + ": " + Inspection.noWorkspace(parent.environment().home()));
            err.flush();
            return Optional.empty();
        }
        try {
            Optional<RunRow> run = ws.get().metadata().queries().run(id);
            if (run.isEmpty()) err.println("--resume " + id + ": no such run in " + ws.get().home() + "; list runs with: sluice runs");
            err.flush();
            return run;
        } catch (MetadataException e) {
            err.println("--resume: " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }
}
