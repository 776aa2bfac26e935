package dev.sluice.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.meta.BadIdException;
import dev.sluice.meta.MetadataException;
import dev.sluice.pipeline.ProblemJson;
import dev.sluice.server.auth.Caller;
import dev.sluice.server.auth.HostPolicy;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.auth.Verdict;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.queue.QueueException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The checks every call of a route passes, in order, then its handler: the {@code Host} allowlist; a valid token
 * (unless the route is public), from the {@code Authorization} header or else from a web UI session's cookie (which
 * for a state-changing call also needs the session's CSRF token, see {@link WebFront}); for a state-changing call the
 * {@code Origin} allowlist; the route's role; the body
 * size. Whatever goes wrong is answered as JSON {@code {"error", "detail"}} with its 4xx (a 500 names a reference in
 * the server log, never a stack trace). A state-changing call, allowed or not, is written to the audit log.
 * Thread-safe.
 */
record Guard(Route route, ServerContext ctx, WebFront front) implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.ANONYMOUS;
        Call call = null;
        int status;
        String detail;
        try {
            HostPolicy policy = ctx.hostPolicy().get();
            if (policy == null) throw new ApiError(503, "starting", "the server is starting; try again in a moment");
            policy.checkHost(req.headers().first(HeaderNames.HOST))
                    .ifPresent(why -> { throw new ApiError(403, "forbidden_host", why); });
            if (route.access() != Access.PUBLIC) caller = authenticate(req);
            if (route.changesState()) {
                policy.checkOrigin(req.headers().first(HeaderNames.ORIGIN))
                        .ifPresent(why -> { throw new ApiError(403, "forbidden_origin", why); });
            }
            authorize(caller);
            if (req.headers().contentLength().orElse(0) > ctx.config().maxBodyBytes()) {
                throw new ApiError(413, "too_large", "the request body is larger than " + ctx.config().maxBodyBytes() + " bytes");
            }
            call = new Call(req, caller, ctx.config().maxBodyBytes());
            status = Responses.send(res, route.handler().handle(call));
            detail = call.auditDetail();
        } catch (Exception e) {
            ApiError error = asError(e);
            status = error.status();
            detail = error.getMessage();
            if (!res.isSent()) Responses.error(res, error);
        }
        if (route.changesState()) audit(caller, call, req.path().path(), status, detail);
    }

    private Caller authenticate(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            Optional<String> session = front.sessionToken(req, route.changesState()); // the web UI's sign-in cookie
            if (session.isPresent()) return verify(session.get());
            throw new ApiError(401, "unauthorized", "this needs an API token: send Authorization: Bearer <token>"
                    + " (the server printed an admin token at its first start; make more with sluice token create)");
        }
        String value = header.get().strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new ApiError(401, "unauthorized", "the Authorization header must be 'Bearer <token>'");
        }
        return verify(value.substring(7));
    }

    private Caller verify(String token) {
        return switch (ctx.tokens().verify(token)) {
            case Verdict.Valid v -> v.caller();
            case Verdict.Invalid i -> throw new ApiError(401, "unauthorized", "the token is not valid; check that it was"
                    + " copied whole, or create one with sluice token create");
            case Verdict.Revoked r -> throw new ApiError(401, "unauthorized", "the token '" + r.name() + "' was revoked");
            case Verdict.Expired x -> throw new ApiError(401, "unauthorized", "the token '" + x.name() + "' has expired;"
                    + " create a new one with sluice token create");
        };
    }

    private void authorize(Caller caller) {
        Optional<Role> needed = route.access().role();
        if (needed.isEmpty() || caller.may(needed.get())) return;
        throw new ApiError(403, "forbidden", route + " needs the " + needed.get().label() + " role; the token '"
                + caller.name() + "' is " + caller.role().label());
    }

    private ApiError asError(Exception e) {
        return switch (e) {
            case ApiError a -> a;
            case DefinitionException d -> new ApiError(400, "invalid_pipeline", d.problems().size()
                    + " problem(s): " + d.problems().getFirst().format(), java.util.Map.of("problems", problems(d)));
            case QueueException q -> switch (q.kind()) {
                case SKIPPED -> new ApiError(409, "skipped", q.getMessage());
                case NOT_FOUND -> new ApiError(404, "not_found", q.getMessage());
                case FINISHED -> new ApiError(409, "finished", q.getMessage());
                case DRAINING -> new ApiError(503, "draining", q.getMessage());
            };
            case Tokens.TokenException t -> new ApiError(t.getMessage().contains("exists already") ? 409 : 400,
                    "bad_token_request", t.getMessage());
            case PipelineCatalog.ConflictException c -> new ApiError(409, "conflict", c.getMessage());
            case BadIdException b -> new ApiError(400, "bad_id", b.getMessage());
            case MetadataException m -> unexpected(503, "database_unavailable", "the metadata database did not answer", m);
            default -> unexpected(500, "internal", "the server failed on this request", e);
        };
    }

    private ApiError unexpected(int status, String code, String what, Exception e) {
        String ref = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        LOG.error("{} failed (ref {}): {}", route, ref, e.toString(), e);
        return new ApiError(status, code, what + "; the server log has the cause under ref " + ref);
    }

    private void audit(Caller caller, Call call, String path, int status, String detail) {
        String outcome = status < 400 ? "ok" : status == 401 || status == 403 ? "denied" : "failed";
        String target = call == null || call.auditTarget().isEmpty() ? path : call.auditTarget();
        try {
            ctx.audit().append(caller.name(), route.action(), target, outcome, status, detail == null ? "" : detail);
        } catch (RuntimeException e) {
            LOG.warn("audit entry for {} {} by {} not written: {}", route.action(), target, caller.name(), e.toString());
        }
    }

    static ArrayNode problems(DefinitionException d) {
        ArrayNode out = Call.JSON.createArrayNode();
        for (Problem p : d.problems()) ProblemJson.put(out.addObject(), p, null).put("text", p.format());
        return out;
    }
}
