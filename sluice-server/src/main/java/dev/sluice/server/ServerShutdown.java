package dev.sluice.server;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * How {@code sluice server} stops on Ctrl-C or SIGTERM: it takes no more runs, gives the runs going here
 * {@code grace} to end, then leaves the rest: what they finished is durable, their command steps are stopped, and
 * once the process is gone they read as {@code interrupted} and any server can resume them. Thread-safe.
 */
public final class ServerShutdown {
    private ServerShutdown() {}

    /** Registers the shutdown hook that does this for {@code server}, reporting on {@code out}. */
    public static Thread onSignal(SluiceServer server, Duration grace, PrintStream out) {
        Thread hook = new Thread(() -> stop(server, grace, out), "sluice-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Drains, then closes the server or leaves its remaining runs interrupted; returns those runs. */
    public static List<String> stop(SluiceServer server, Duration grace, PrintStream out) {
        int going = server.runningHere().size();
        out.println("sluice server: stopping" + (going == 0 ? "" : "; " + going + " run(s) going, waiting up to "
                + grace.toSeconds() + " s for them"));
        out.flush();
        List<String> left = server.drain(grace);
        if (left.isEmpty()) {
            server.close();
            out.println("sluice server: stopped");
        } else {
            server.abandonRunning();
            out.println("sluice server: stopped; left interrupted (resume each with POST /api/v1/runs/RUN/resume): "
                    + String.join(", ", left));
        }
        out.flush();
        return left;
    }
}
