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
        // SLUICE_TEST_CLOCK names a FileClock's file: the schedules of several server processes follow the test's time
        String clockFile = System.getenv("SLUICE_TEST_CLOCK");
        SluiceServer server = SluiceServer.start(ServerConfig.defaults(Path.of(args[0])).withPort(0)
                .withPipelineDirs(List.of(Path.of(args[1]))).withRunSlots(Integer.parseInt(args[2])).withStepWorkers(2)
                .withGrace(grace), RetentionSchedule.defaults(),
                clockFile == null ? java.time.Clock.systemUTC() : new FileClock(Path.of(clockFile)));
        ServerShutdown.onSignal(server, grace, System.out);
        System.out.println("listening on " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
