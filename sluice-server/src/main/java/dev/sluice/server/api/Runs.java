package dev.sluice.server.api;

import dev.sluice.meta.MetadataException;
import dev.sluice.meta.RunRow;

/** Finding the run a path names (an id or a unique prefix); a 404 or 400 saying what to do otherwise. Stateless. */
final class Runs {
    private Runs() {}

    static RunRow find(ServerContext ctx, String idOrPrefix) {
        try {
            return ctx.workspace().metadata().queries().run(idOrPrefix).orElseThrow(() -> ApiError.notFound("no run '"
                    + idOrPrefix + "'; list the runs with GET /api/v1/runs"));
        } catch (MetadataException e) {
            if (e.getMessage() != null && e.getMessage().contains("ambiguous")) throw ApiError.badRequest(e.getMessage());
            throw e;
        }
    }
}
