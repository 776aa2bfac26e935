package dev.sluice.server.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the API, in one list: the server registers exactly these, and the authorization matrix and the
 * OpenAPI tests read them, so an endpoint without an authorization rule or documentation fails the build. Stateless.
 */
public final class Routes {
    private Routes() {}

    public static List<Route> all(ServerContext ctx) {
        List<Route> all = new ArrayList<>();
        all.addAll(new AdminRoutes(ctx, OpenApi.load()).routes());
        all.addAll(new PipelineRoutes(ctx).routes());
        all.addAll(new RunRoutes(ctx).routes());
        all.addAll(new EventRoutes(ctx).routes());
        all.addAll(new RunFeedRoutes(ctx).routes());
        all.addAll(new LogRoutes(ctx).routes());
        all.addAll(new ArtifactRoutes(ctx).routes());
        all.addAll(new ModelRoutes(ctx).routes());
        all.addAll(new DriftRoutes(ctx).routes());
        all.addAll(new ScheduleRoutes(ctx).routes());
        all.addAll(new ApprovalRoutes(ctx).routes());
        all.addAll(new ApprovalInbox(ctx).routes());
        return List.copyOf(all);
    }
}
