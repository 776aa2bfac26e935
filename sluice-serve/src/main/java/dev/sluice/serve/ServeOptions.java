package dev.sluice.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ModelServer} listens and behaves. Immutable.
 *
 * @param host  the address to bind; {@code 127.0.0.1} by default (loopback only: put a proxy in front to expose it)
 * @param port  the port; 0 picks a free one (see {@link ModelServer#port()})
 * @param poll  how often the registry is checked for moved aliases
 * @param token the bearer token that endpoints which change state require ({@code SLUICE_TOKEN}); without one they
 *              answer 403
 * @param sink  receives every prediction
 */
public record ServeOptions(String host, int port, Duration poll, Optional<String> token, PredictionSink sink) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    public ServeOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(sink, "sink");
        token = token.filter(t -> !t.isBlank());
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll must be > 0, got " + poll);
    }

    /** Loopback, port 8080, polling every 2 s, no token, no sink. */
    public static ServeOptions defaults() {
        return new ServeOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_POLL, Optional.empty(), PredictionSink.NONE);
    }

    public ServeOptions withHost(String h) { return new ServeOptions(h, port, poll, token, sink); }

    public ServeOptions withPort(int p) { return new ServeOptions(host, p, poll, token, sink); }

    public ServeOptions withPoll(Duration d) { return new ServeOptions(host, port, d, token, sink); }

    public ServeOptions withToken(String t) { return new ServeOptions(host, port, poll, Optional.ofNullable(t), sink); }

    public ServeOptions withSink(PredictionSink s) { return new ServeOptions(host, port, poll, token, s); }
}
