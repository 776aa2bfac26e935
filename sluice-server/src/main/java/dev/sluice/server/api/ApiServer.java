package dev.sluice.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The HTTP side of the server: Helidon SE (virtual threads) with exactly the routes of {@link Routes}, each behind its
 * {@link Guard}; anything else is a JSON 404 (or 405 with {@code Allow} when the path exists for other methods).
 * Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final List<Route> routes;
    private final WebServer server;

    public ApiServer(ServerContext ctx, List<Route> routes) {
        this(ctx, routes, WebFront.NONE);
    }

    /** The API's routes and, beside them, the {@code front}'s (the web UI). */
    public ApiServer(ServerContext ctx, List<Route> routes, WebFront front) {
        this.routes = List.copyOf(routes);
        this.server = WebServer.builder()
                .host(ctx.config().host())
                .port(ctx.config().port())
                .maxPayloadSize(ctx.config().maxBodyBytes() * 2 + 1024)
                .shutdownHook(false)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> routing(r, ctx, front))
                .build();
    }

    private void routing(HttpRouting.Builder r, ServerContext ctx, WebFront front) {
        for (Route route : routes) r.route(route.method(), route.path(), new Guard(route, ctx, front));
        front.routing(r);
        r.any(this::fallback);
        r.error(Throwable.class, (req, res, e) -> {
            LOG.error("{} {} failed outside its handler: {}", req.prologue().method().text(), req.path().path(), e.toString(), e);
            if (!res.isSent()) Responses.error(res, new ApiError(500, "internal", "the server failed on this request; see its log"));
        });
    }

    private void fallback(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        List<String> allowed = routes.stream().filter(r -> matches(r.path(), path)).map(r -> r.method().text()).distinct()
                .collect(Collectors.toList());
        if (!allowed.isEmpty()) {
            res.header(HeaderNames.ALLOW, String.join(", ", allowed));
            Responses.error(res, new ApiError(405, "method_not_allowed", req.prologue().method().text() + " is not allowed on "
                    + path + "; use " + String.join(" or ", allowed)));
            return;
        }
        Responses.error(res, ApiError.notFound("no endpoint " + path + "; the API is described at /api/v1/openapi.json"));
    }

    /** Whether a concrete path fits a template such as {@code /api/v1/runs/{id}}. */
    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) return false;
        for (int i = 0; i < t.length; i++) {
            if (!(t[i].startsWith("{") && !p[i].isEmpty()) && !t[i].equals(p[i])) return false;
        }
        return true;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        server.stop();
    }
}
