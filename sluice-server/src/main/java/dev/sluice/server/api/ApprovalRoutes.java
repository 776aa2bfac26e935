package dev.sluice.server.api;

import dev.sluice.api.StepStatus;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepApproval;
import dev.sluice.meta.StepApprovals;
import dev.sluice.meta.StepRunRow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions on approve steps: {@code POST /api/v1/runs/{id}/steps/{step}/approve} and {@code .../reject}, with an
 * optional {@code {"comment": "..."}}, by a caller with the operator role, as that caller; written to the audit log.
 * The decision goes to the workspace database, where the waiting run (in this server or another process) finds it.
 * The first decision wins: a later one is answered 409 with the decision in force. Thread-safe.
 */
record ApprovalRoutes(ServerContext ctx) {
    /** The longest comment kept. */
    static final int MAX_COMMENT = 2000;


    List<Route> routes() {
        return List.of(
                Route.post("/api/v1/runs/{id}/steps/{step}/approve", Access.OPERATOR, "run.approve", call -> decide(call, true)),
                Route.post("/api/v1/runs/{id}/steps/{step}/reject", Access.OPERATOR, "run.reject", call -> decide(call, false)));
    }

    private Answer decide(Call call, boolean approve) {
        RunRow row = Runs.find(ctx, call.path("id"));
        String step = call.path("step");
        StepRunRow last = ctx.workspace().metadata().queries().stepRun(row.id(), step).orElseThrow(() ->
                ApiError.notFound("run " + row.id() + " has no step '" + step + "'; see GET /api/v1/runs/" + row.id() + "/steps"));
        Optional<String> comment = comment(call);
        StepApprovals approvals = StepApprovals.of(ctx.workspace().metadata());
        Optional<StepApproval> before = approvals.find(row.id(), step);
        if (before.isPresent()) throw decidedAlready(before.get());
        if (last.state() != StepStatus.WAITING) {
            throw ApiError.conflict("step '" + step + "' of run " + row.id() + " does not wait for a decision (it is "
                    + last.state().label() + "); only a waiting approve step can be approved or rejected");
        }
        StepApproval mine = new StepApproval(row.id(), step, approve, call.caller().name(), Instant.now(), comment);
        StepApproval inForce = approvals.decide(mine);
        if (!inForce.equals(mine)) throw decidedAlready(inForce);
        call.audit(row.id(), (approve ? "approved" : "rejected") + " step " + step + comment.map(c -> ": " + c).orElse(""));
        return Answer.ok(ApprovalJson.of(mine));
    }

    private static ApiError decidedAlready(StepApproval d) {
        return new ApiError(409, "conflict", "step '" + d.step() + "' of run " + d.runId() + " was decided already: " + d.describe(),
                Map.of("approval", ApprovalJson.of(d)));
    }

    private static Optional<String> comment(Call call) {
        var n = call.json().path("comment");
        if (n.isMissingNode() || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw ApiError.badRequest("comment must be a string: {\"comment\": \"why\"}");
        String c = n.asText().strip();
        if (c.length() > MAX_COMMENT) {
            throw ApiError.badRequest("comment is " + c.length() + " characters; keep it under " + MAX_COMMENT);
        }
        return c.isEmpty() ? Optional.empty() : Optional.of(c);
    }
}
