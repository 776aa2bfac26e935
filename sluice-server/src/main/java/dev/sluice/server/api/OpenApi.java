package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.1 description of the API ({@code /api/v1/openapi.json}), kept beside the code as
 * {@code dev/sluice/server/api/openapi.json}. A test checks it against {@link Routes}: every route is documented with
 * its security and every documented operation is a route, so the two cannot drift apart. Thread-safe (immutable).
 */
public final class OpenApi {
    static final String RESOURCE = "/dev/sluice/server/api/openapi.json";
    private final ObjectNode document;

    private OpenApi(ObjectNode document) {
        this.document = document;
    }

    /** The document shipped in the jar. */
    public static OpenApi load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the OpenAPI document is missing from the jar: " + RESOURCE);
            return new OpenApi((ObjectNode) Call.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public ObjectNode document() {
        return document.deepCopy();
    }

    /** Each documented operation as {@code METHOD /path}. */
    public List<String> operations() {
        List<String> out = new ArrayList<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = document.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                    out.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return out;
    }

    /** The operation object of {@code METHOD /path}, if documented. */
    public JsonNode operation(String method, String path) {
        return document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    }
}
