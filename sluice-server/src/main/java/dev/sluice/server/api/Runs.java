package dev.sluice.server.api;

import dev.sluice.meta.RunRow;

/** Finding the run a path names (an id or a unique prefix); a 404 or 400 saying what to do otherwise. Stateless. */
final class Runs {
    private Runs() {}

    static RunRow find(ServerContext ctx, String idOrPrefix) {
        return ctx.workspace().metadata().queries().run(idOrPrefix).orElseThrow(() -> ApiError.notFound("no run '"
                + idOrPrefix + "'; list the runs with GET /api/v1/runs"));
    }
}
