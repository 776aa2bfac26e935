package dev.sluice.serve;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ModelServer} listens and behaves. Immutable.
 *
 * @param host         the address to bind; {@code 127.0.0.1} by default (loopback only: put a proxy in front to expose it)
 * @param port         the port; 0 picks a free one (see {@link ModelServer#port()})
 * @param poll         how often the registry is checked for moved aliases
 * @param token        the bearer token that endpoints which change state require ({@code SLUICE_TOKEN}); without one
 *                     they answer 403
 * @param sink         receives every prediction
 * @param allowedHosts names clients may reach the server under besides {@code 127.0.0.1}, {@code localhost},
 *                     {@code [::1]} and {@code host} (with the port): {@code NAME} or {@code NAME:PORT}, lower case;
 *                     {@code *} allows any (see {@link RequestGuard})
 */
public record ServeOptions(String host, int port, Duration poll, Optional<String> token, PredictionSink sink,
                           List<String> allowedHosts) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    public ServeOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(sink, "sink");
        token = token.filter(t -> !t.isBlank());
        allowedHosts = allowedHosts.stream().map(ServeOptions::hostName).toList();
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll must be > 0, got " + poll);
    }

    /** Options without extra allowed host names. */
    public ServeOptions(String host, int port, Duration poll, Optional<String> token, PredictionSink sink) {
        this(host, port, poll, token, sink, List.of());
    }

    /** Loopback, port 8080, polling every 2 s, no token, no sink, no extra host names. */
    public static ServeOptions defaults() {
        return new ServeOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_POLL, Optional.empty(), PredictionSink.NONE);
    }

    public ServeOptions withHost(String h) { return new ServeOptions(h, port, poll, token, sink, allowedHosts); }

    public ServeOptions withPort(int p) { return new ServeOptions(host, p, poll, token, sink, allowedHosts); }

    public ServeOptions withPoll(Duration d) { return new ServeOptions(host, port, d, token, sink, allowedHosts); }

    public ServeOptions withToken(String t) { return new ServeOptions(host, port, poll, Optional.ofNullable(t), sink, allowedHosts); }

    public ServeOptions withSink(PredictionSink s) { return new ServeOptions(host, port, poll, token, s, allowedHosts); }

    public ServeOptions withAllowedHosts(List<String> names) { return new ServeOptions(host, port, poll, token, sink, names); }

    /** An allowed host name as the Host header carries it: {@code name}, {@code name:port} or {@code [v6]:port}. */
    private static String hostName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("*")) return n;
        if (n.isEmpty() || !n.matches("[a-z0-9._~%!$&'()+,;=\\[\\]:-]+") || n.endsWith(":")) {
            throw new IllegalArgumentException("--allow-host '" + name + "' is not a host name; write NAME or NAME:PORT,"
                    + " e.g. models.example.com or 10.0.0.5:8080 (or * for any)");
        }
        return n;
    }
}
