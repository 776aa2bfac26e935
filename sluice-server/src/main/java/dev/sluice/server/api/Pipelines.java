package dev.sluice.server.api;

import dev.sluice.server.catalog.PipelineVersion;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finding the pipeline version a call names; a file changed a moment ago is found too (the folders are read again
 * before answering 404). Stateless.
 */
final class Pipelines {
    private Pipelines() {}

    static PipelineVersion version(ServerContext ctx, String name, String version) {
        Optional<PipelineVersion> v = ctx.catalog().version(name, version);
        if (v.isEmpty()) {
            ctx.catalog().scan();
            v = ctx.catalog().version(name, version);
        }
        if (v.isPresent()) return v.get();
        List<PipelineVersion> latest = ctx.catalog().latest();
        Optional<PipelineVersion> same = latest.stream().filter(p -> p.name().equals(name)).findFirst();
        if (same.isEmpty()) {
            String known = latest.isEmpty() ? "none yet (start the server with --pipelines FOLDER)"
                    : String.join(", ", latest.stream().map(PipelineVersion::name).toList());
            throw new ApiError(404, "unknown_pipeline", "no pipeline '" + name + "' is registered; registered: " + known);
        }
        throw new ApiError(404, "unknown_version", "pipeline '" + name + "' has no version " + version + "; its latest is "
                + same.get().digest() + " (from " + same.get().source() + "); list them with GET /api/v1/pipelines/" + name
                + "/versions", Map.of("latest", same.get().digest(), "source", same.get().source()));
    }
}
