package dev.sluice.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server process for tests that need real processes (two servers on one database, a server killed or stopped
 * with SIGTERM): {@code HOME PIPELINES SLOTS GRACE_SECONDS}. Prints {@code listening on PORT} once it serves; stops
 * as {@code sluice server} does on SIGTERM. Its token is the workspace's admin-token file.
 */
public final class TestServerMain {
    private TestServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Duration grace = Duration.ofSeconds(Long.parseLong(args[3]));
        SluiceServer server = SluiceServer.start(ServerConfig.defaults(Path.of(args[0])).withPort(0)
                .withPipelineDirs(List.of(Path.of(args[1]))).withRunSlots(Integer.parseInt(args[2])).withStepWorkers(2)
                .withGrace(grace));
        ServerShutdown.onSignal(server, grace, System.out);
        System.out.println("listening on " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
