package dev.sluice.server.ui;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The UI's static files from the class path: its own code and styles under {@code /ui/app/NAME} (a plain file name,
 * so no path can leave the folder) and the libraries of {@link Page.Library} under {@code /ui/lib/FILE}. Read once,
 * then answered from memory with an ETag (a browser asks again on each load and gets 304). Thread-safe.
 */
final class Assets {
    private static final Pattern APP_FILE = Pattern.compile("[a-z][a-z0-9-]{0,60}\\.(js|css)");
    private static final String APP_FOLDER = "dev/sluice/server/ui/app/";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private record Asset(byte[] bytes, String type, String etag) {}

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    void app(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        Optional<Asset> asset = APP_FILE.matcher(name).matches() ? load(APP_FOLDER + name) : Optional.empty();
        send(req, res, asset);
    }

    void library(ServerRequest req, ServerResponse res) {
        send(req, res, Page.Library.named(req.path().pathParameters().get("file")).flatMap(l -> load(l.resource)));
    }

    private void send(ServerRequest req, ServerResponse res, Optional<Asset> asset) {
        WebUi.securityHeaders(res);
        if (asset.isEmpty()) {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").send("no such file");
            return;
        }
        Asset a = asset.get();
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.ETAG, a.etag());
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).filter(a.etag()::equals).isPresent()) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.type());
        res.send(a.bytes());
    }

    private Optional<Asset> load(String resource) {
        return cache.computeIfAbsent(resource, r -> {
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) return Optional.empty();
                byte[] bytes = in.readAllBytes();
                String ext = r.substring(r.lastIndexOf('.') + 1);
                return Optional.of(new Asset(bytes, TYPES.getOrDefault(ext, "application/octet-stream"), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + r + " from the class path", e);
            }
        });
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
