package dev.sluice.meta;

import dev.sluice.api.RunStatus;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells a running run from one whose process died: on this host, by asking whether its pid is alive;
 * on another host, by the age of its last heartbeat. Thread-safe (immutable).
 */
final class Liveness {
    /** A run on another host whose heartbeat is older than this is reported as interrupted. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final String LOCAL_HOST = resolveLocalHost();

    private final Duration timeout;

    Liveness(Duration timeout) {
        this.timeout = timeout;
    }

    /** The name this host records in its runs. */
    static String localHost() { return LOCAL_HOST; }

    /** The row as users should see it: a running run whose process is gone becomes interrupted. */
    RunRow resolve(RunRow row, Instant now) {
        if (row.state() != RunStatus.RUNNING) return row;
        return isDead(row, now) ? row.withState(RunStatus.INTERRUPTED) : row;
    }

    private boolean isDead(RunRow row, Instant now) {
        if (row.host().equals(LOCAL_HOST)) {
            return ProcessHandle.of(row.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        Instant lastSign = row.lastHeartbeat().orElse(row.started());
        return lastSign.plus(timeout).isBefore(now);
    }

    private static String resolveLocalHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) { // same answer in every process of this host, so still comparable
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
        }
    }
}
