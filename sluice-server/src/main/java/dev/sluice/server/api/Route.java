package dev.sluice.server.api;

import io.helidon.http.Method;

import java.util.Objects;

/**
 * One endpoint of the API: method, path template ({@code /api/v1/runs/{id}}), who may call it, and for a call that
 * changes state the action the audit log records ({@code run.start}). The server registers exactly the routes of
 * {@link Routes}; the authorization test and the OpenAPI test read the same list. Immutable.
 */
public record Route(Method method, String path, Access access, String action, Handler handler) {
    /** Does the work of a call that passed the checks. */
    @FunctionalInterface
    public interface Handler {
        Answer handle(Call call) throws Exception;
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access: every route needs an authorization rule");
        Objects.requireNonNull(handler, "handler");
        if (changesState(method) && (action == null || action.isBlank())) {
            throw new IllegalArgumentException(method + " " + path + " changes state: give it an audit action");
        }
    }

    static Route get(String path, Access access, Handler h) {
        return new Route(Method.GET, path, access, "", h);
    }

    static Route post(String path, Access access, String action, Handler h) {
        return new Route(Method.POST, path, access, action, h);
    }

    static Route delete(String path, Access access, String action, Handler h) {
        return new Route(Method.DELETE, path, access, action, h);
    }

    /** True for the calls that change something (everything but GET and HEAD). */
    public boolean changesState() {
        return changesState(method);
    }

    private static boolean changesState(Method m) {
        return !m.equals(Method.GET) && !m.equals(Method.HEAD);
    }

    /** {@code GET /api/v1/runs/{id}} */
    @Override
    public String toString() {
        return method.text() + " " + path;
    }
}
