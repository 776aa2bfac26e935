package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepApproval;
import dev.sluice.meta.StepRunRow;
import dev.sluice.server.api.ApprovalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/**
 * {@code sluice approve RUN STEP [--reject] [--comment TEXT] [--json]}: decides on an approve step that waits, in the
 * local workspace (as the user running the command) or through a server (as the token's owner; the operator role).
 * The waiting run, in this process or another, sees the decision within a moment. The first decision wins. Not
 * thread-safe (one per invocation).
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approves (or with --reject rejects) an approve step that waits for a decision.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:decided", "1:someone decided first (their decision is shown)",
                "2:no such run or step, the step does not wait, or bad usage"})
final class ApproveCommand extends ReadingCommand {
    @Mixin
    RunIdParameter runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The approve step that waits (see: sluice show RUN_ID).")
    String step;

    @Option(names = "--reject", description = "Reject instead of approve: the step fails and what depends on it is blocked.")
    boolean reject;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; kept with the decision and shown by sluice show.")
    String comment;

    @Option(names = "--json", description = "Print the decision as JSON on stdout.")
    boolean json;

    @Override
    int execute() {
        try (Source src = requiredSource()) {
            RunRow run = run(src, runId.id);
            Optional<StepRunRow> row = src.queries().stepRun(run.id(), step);
            if (row.isEmpty()) {
                throw usage("run " + run.id() + " has no step '" + step + "'; its steps: sluice show " + run.id());
            }
            Optional<StepApproval> before = src.remote() ? Optional.empty()
                    : src.approvals(run.id()).stream().filter(a -> a.step().equals(step)).findFirst();
            if (before.isEmpty() && !src.remote() && row.get().state() != StepStatus.WAITING) {
                throw usage("step '" + step + "' of run " + run.id() + " does not wait for a decision (it is "
                        + row.get().state().label() + "); only a waiting approve step can be approved or rejected");
            }
            Optional<String> why = Optional.ofNullable(comment).map(String::strip).filter(c -> !c.isEmpty());
            Source.Decided decided = before.map(b -> new Source.Decided(b, false))
                    .orElseGet(() -> src.decide(run.id(), step, !reject, user(), why));
            StepApproval d = decided.decision();
            boolean ours = decided.ours();
            print(json, () -> {
                ObjectNode n = ApprovalJson.of(d);
                n.put("decided_now", ours);
                return n;
            }, out -> out.println(ours ? "step '" + step + "' of run " + run.id() + " " + d.describe()
                    : "step '" + step + "' of run " + run.id() + " was decided already: " + d.describe()));
            return ours ? 0 : 1;
        }
    }

    /** Who decides in the local workspace: the operating system's user. */
    private String user() {
        String u = environment().env().get("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name", "unknown") : u;
    }
}
