package dev.sluice.serve;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps web pages out of a server that listens on loopback. A browser lets any page send a POST with a form or
 * {@code text/plain} body to {@code 127.0.0.1} without asking, and with DNS rebinding a page's own domain can point
 * at {@code 127.0.0.1} so that it reads the answers too. So:
 * <ul>
 *   <li>{@code Host} must be a name the server answers to: {@code 127.0.0.1}, {@code localhost}, {@code [::1]} and the
 *       bound address, each with the port, and the names allowed with {@code --allow-host} (421 otherwise; 400
 *       without a Host);</li>
 *   <li>a POST that carries an {@code Origin} (a browser's) must come from one of those names (403 otherwise);</li>
 *   <li>a request body must be JSON: {@code application/json} or {@code application/...+json}, parameters such as
 *       {@code charset} allowed (415 otherwise), which a page cannot send to another origin without the browser asking
 *       first (a CORS preflight, which this server never approves).</li>
 * </ul>
 * A check is a hash lookup or a few string comparisons. Thread-safe (the names are replaced whole once the port is
 * known).
 */
final class RequestGuard {
    /** A refusal: the status to answer and why. */
    record Refusal(int status, String message) {}

    private final List<String> bound;
    private final List<String> extra;
    private final boolean anyHost;
    private volatile Set<String> hosts = Set.of();
    private volatile String answersTo = "";

    RequestGuard(ServeOptions options) {
        this.bound = boundNames(options.host());
        this.extra = options.allowedHosts().stream().filter(h -> !h.equals("*")).toList();
        this.anyHost = options.allowedHosts().contains("*");
        if (options.port() > 0) listening(options.port());
    }

    /** The names with the port the server listens on (known once it started when the port was 0). */
    void listening(int port) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : bound) {
            names.add(n + ":" + port);
            if (port == 80) names.add(n);
        }
        List<String> shown = new ArrayList<>(names);
        for (String n : extra) {
            names.add(n);
            if (!hasPort(n)) names.add(n + ":" + port);
        }
        shown.addAll(extra);
        hosts = Set.copyOf(names);
        answersTo = String.join(", ", shown.subList(0, Math.min(shown.size(), 8)));
    }

    /** Why the request must be refused, if it must. */
    Optional<Refusal> check(String method, String host, String origin, String contentType, boolean hasBody) {
        if (host == null || host.isEmpty()) {
            return Optional.of(new Refusal(400, "the request has no Host header; send HTTP/1.1 with Host: 127.0.0.1:PORT"));
        }
        if (!knows(host)) {
            return Optional.of(new Refusal(421, "Host '" + host + "' is not a name of this server (it answers to " + answersTo
                    + "): a web page may be trying to reach it through DNS rebinding. If clients do use that name (a proxy,"
                    + " a DNS name), start sluice serve with --allow-host " + host));
        }
        if (origin != null && !"GET".equals(method) && !"HEAD".equals(method) && !allowedOrigin(origin)) {
            return Optional.of(new Refusal(403, "a web page of origin '" + origin + "' may not call this server; call it from"
                    + " a program (no Origin header), or start sluice serve with --allow-host for the page's host"));
        }
        if (hasBody && !json(contentType)) {
            return Optional.of(new Refusal(415, "the request body must be JSON: send it with Content-Type: application/json"
                    + " (got " + (contentType == null ? "none" : "'" + contentType + "'")
                    + "; with curl: -H 'Content-Type: application/json', or --json)"));
        }
        return Optional.empty();
    }

    private boolean knows(String host) {
        return anyHost || hosts.contains(host) || hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** {@code http://name[:port]} or {@code https://...} with a name the server answers to; {@code null} never. */
    private boolean allowedOrigin(String origin) {
        int sep = origin.indexOf("://");
        if (sep < 0) return false;
        String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return false;
        return knows(origin.substring(sep + 3));
    }

    /** {@code application/json} or {@code application/<anything>+json}, then optional {@code ;parameters}. */
    static boolean json(String contentType) {
        if (contentType == null) return false;
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).trim();
        if (!type.regionMatches(true, 0, "application/", 0, 12)) return false;
        return type.length() == 16 && type.regionMatches(true, 12, "json", 0, 4)
                || type.length() > 17 && type.regionMatches(true, type.length() - 5, "+json", 0, 5);
    }

    private static List<String> boundNames(String host) {
        Set<String> names = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
        String h = host.trim().toLowerCase(Locale.ROOT);
        names.add(h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h);
        return List.copyOf(names);
    }

    private static boolean hasPort(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf(']') && colon < name.length() - 1;
    }
}
