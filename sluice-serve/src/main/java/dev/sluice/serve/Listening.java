package dev.sluice.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether the server can listen on an address, checked before anything is loaded, so that a taken port or an address
 * of another machine is one clear error instead of a web server that logs a stack trace and never listens. Stateless.
 */
final class Listening {
    private Listening() {}

    /** Binds {@code host:port} once and lets it go; port 0 (any free port) always can. */
    static void check(String host, int port) {
        if (port == 0) return;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw failed(host, port, "the host name does not resolve");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address);
        } catch (IOException e) {
            throw failed(host, port, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static IllegalStateException failed(String host, int port, String why) {
        String hint = why.contains("already in use")
                ? "stop what listens there, or pick another port with --port (0 picks a free one)"
                : "check --host (an address of this machine, e.g. 127.0.0.1 or 0.0.0.0) and --port (ports below 1024 need"
                + " privileges)";
        return new IllegalStateException("cannot listen on " + host + ":" + port + ": " + why + "; " + hint);
    }
}
