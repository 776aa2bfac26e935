package dev.sluice.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a server runs. Immutable; {@link #defaults(Path)} gives {@code sluice server}'s defaults.
 *
 * @param home          the workspace ({@code SLUICE_HOME}); its metadata database comes from {@code SLUICE_DB} as for
 *                      every command
 * @param host          the address to bind (127.0.0.1: only this machine can connect)
 * @param port          the port (0: any free one, see {@link SluiceServer#port()})
 * @param runSlots      runs started at once by this server ({@code --workers})
 * @param stepWorkers   CPU slots of each run (a step takes {@code resources.cpu} of them), as {@code sluice run --workers}
 * @param pipelineDirs  folders whose {@code *.yaml} pipelines are registered
 * @param scanEvery     how often the folders are read again for new versions
 * @param poll          how often the queue is read for runs queued through other servers
 * @param grace         on shutdown, how long running runs may go on before they are left interrupted
 * @param allowHosts    more {@code Host} values to answer to (besides 127.0.0.1, localhost and [::1] with the port)
 * @param allowOrigins  more origins allowed to change state (besides http(s) on the allowed hosts)
 * @param maxBodyBytes  the largest request body accepted
 */
public record ServerConfig(Path home, String host, int port, int runSlots, int stepWorkers, List<Path> pipelineDirs,
                           Duration scanEvery, Duration poll, Duration grace, List<String> allowHosts,
                           List<String> allowOrigins, long maxBodyBytes) {
    public static final int DEFAULT_PORT = 8600;

    public ServerConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
        if (runSlots < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + runSlots);
        if (stepWorkers < 1) throw new IllegalArgumentException("step workers must be at least 1, got " + stepWorkers);
        pipelineDirs = List.copyOf(pipelineDirs);
        allowHosts = List.copyOf(allowHosts);
        allowOrigins = List.copyOf(allowOrigins);
    }

    /** Port 8600 on 127.0.0.1, as many runs at once as CPUs, no pipeline folders, a 30 s grace period. */
    public static ServerConfig defaults(Path home) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(home, "127.0.0.1", DEFAULT_PORT, cpus, cpus, List.of(), Duration.ofSeconds(2),
                Duration.ofMillis(250), Duration.ofSeconds(30), List.of(), List.of(), 4L << 20);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(home, host, p, runSlots, stepWorkers, pipelineDirs, scanEvery, poll, grace, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(home, h, port, runSlots, stepWorkers, pipelineDirs, scanEvery, poll, grace, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withRunSlots(int n) {
        return new ServerConfig(home, host, port, n, stepWorkers, pipelineDirs, scanEvery, poll, grace, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withStepWorkers(int n) {
        return new ServerConfig(home, host, port, runSlots, n, pipelineDirs, scanEvery, poll, grace, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withPipelineDirs(List<Path> dirs) {
        return new ServerConfig(home, host, port, runSlots, stepWorkers, dirs, scanEvery, poll, grace, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withGrace(Duration g) {
        return new ServerConfig(home, host, port, runSlots, stepWorkers, pipelineDirs, scanEvery, poll, g, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withScanEvery(Duration d) {
        return new ServerConfig(home, host, port, runSlots, stepWorkers, pipelineDirs, d, poll, grace, allowHosts, allowOrigins, maxBodyBytes);
    }

    public ServerConfig withAllowed(List<String> hosts, List<String> origins) {
        return new ServerConfig(home, host, port, runSlots, stepWorkers, pipelineDirs, scanEvery, poll, grace, hosts, origins, maxBodyBytes);
    }

    public ServerConfig withMaxBodyBytes(long n) {
        return new ServerConfig(home, host, port, runSlots, stepWorkers, pipelineDirs, scanEvery, poll, grace, allowHosts, allowOrigins, n);
    }
}
