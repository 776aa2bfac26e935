package dev.sluice.server.auth;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code Host} and {@code Origin} allowlists. Every request must name an allowed host (against DNS rebinding: a
 * page on an attacker's domain that resolves to 127.0.0.1 still sends its own host name); a state-changing request
 * that carries an {@code Origin} (browsers send it) must come from an allowed origin (against cross-site requests).
 * Requests without {@code Origin} (curl, the CLI) pass that check: they cannot be forged by a browser page.
 *
 * <p>By default the allowed hosts are the bound address and the loopback names with the server's port
 * ({@code 127.0.0.1:8600}, {@code localhost:8600}, {@code [::1]:8600}); allowed origins are {@code http://} and
 * {@code https://} on those hosts. Immutable.
 *
 * @param hosts   allowed {@code Host} values, lower case, with port; {@code *} allows any
 * @param origins allowed {@code Origin} values ({@code scheme://host[:port]}), lower case
 */
public record HostPolicy(Set<String> hosts, Set<String> origins) {
    /** {@code name:port} or {@code [v6]:port}. */
    private static final java.util.regex.Pattern WITH_PORT = java.util.regex.Pattern.compile("(\\[[^\\]]+\\]|[^:\\[\\]]+):[0-9]+");

    public HostPolicy {
        hosts = Set.copyOf(hosts);
        origins = Set.copyOf(origins);
    }

    /** The defaults for a server bound to {@code bindHost:port}, plus {@code extraHosts} and {@code extraOrigins}. */
    public static HostPolicy defaults(String bindHost, int port, List<String> extraHosts, List<String> extraOrigins) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : List.of("127.0.0.1", "localhost", "[::1]", bindHost)) {
            if (!h.equals("0.0.0.0") && !h.equals("::")) hosts.add(withPort(h, port));
        }
        for (String h : extraHosts) {
            String lower = h.strip().toLowerCase(Locale.ROOT);
            hosts.add(lower.equals("*") || WITH_PORT.matcher(lower).matches() ? lower : withPort(lower, port));
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String h : hosts) {
            if (h.equals("*")) continue;
            origins.add("http://" + h);
            origins.add("https://" + h);
        }
        extraOrigins.forEach(o -> origins.add(o.toLowerCase(Locale.ROOT)));
        return new HostPolicy(hosts, origins);
    }

    private static String withPort(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]"; // a bare IPv6 address
        return h + ":" + port;
    }

    /** Why a request's {@code Host} is refused, or empty when it is allowed. */
    public Optional<String> checkHost(Optional<String> host) {
        if (hosts.contains("*")) return Optional.empty();
        if (host.isEmpty()) return Optional.of("the request has no Host header");
        String h = host.get().strip().toLowerCase(Locale.ROOT);
        return hosts.contains(h) ? Optional.empty() : Optional.of("Host '" + host.get() + "' is not one this server answers to"
                + " (allowed: " + String.join(", ", hosts) + "); start the server with --allow-host " + host.get()
                + " if that name is meant to reach it");
    }

    /** Why a state-changing request's {@code Origin} is refused, or empty when it is allowed or absent. */
    public Optional<String> checkOrigin(Optional<String> origin) {
        if (origin.isEmpty()) return Optional.empty();
        String o = origin.get().strip().toLowerCase(Locale.ROOT);
        if (o.equals("null")) return Optional.of("requests from an opaque origin (Origin: null) may not change anything");
        try {
            URI u = URI.create(o);
            String normal = u.getScheme() + "://" + u.getRawAuthority();
            if (origins.contains(normal)) return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("the Origin header '" + origin.get() + "' is not an origin");
        }
        return Optional.of("requests from origin '" + origin.get() + "' may not change anything here; start the server"
                + " with --allow-origin " + origin.get() + " to allow that site");
    }
}
