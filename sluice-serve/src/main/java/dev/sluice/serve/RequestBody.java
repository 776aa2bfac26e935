package dev.sluice.serve;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * Reads a request body whole, at most {@link #MAX} bytes, or says why it cannot: too large (413), broken chunked
 * framing (400), or a client that went away before sending it all (nobody left to answer). The caller answers and
 * closes the connection in every one of these cases, so the unread rest of a body is never parsed as requests.
 * Stateless and thread-safe.
 */
final class RequestBody {
    /** The largest request body accepted (larger gets 413). */
    static final long MAX = 16L << 20;
    static final String TOO_LARGE = "the request body is larger than 16 MB (" + MAX + " bytes); send fewer rows per request";
    static final String BAD_CHUNKS = "the request body is not valid chunked transfer encoding (a chunk size or a chunk's end"
            + " is malformed); send a well-formed body, or one with a Content-Length";

    private RequestBody() {}

    /** Why a body could not be read, and the status to answer; {@link #GONE} when the client is gone. */
    static final class Unreadable extends Exception {
        static final int GONE = 0;
        private final int status;

        Unreadable(int status, String message, Throwable cause) {
            super(message, cause, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The whole body ({@code byte[0]} when there is none). */
    static byte[] read(ServerRequest req) throws Unreadable {
        try {
            return readWhole(req);
        } catch (RequestException e) {          // Helidon's framing checks: the chunked limit, a chunk's end
            throw e.status().code() == 413 ? new Unreadable(413, TOO_LARGE, e) : new Unreadable(400, BAD_CHUNKS, e);
        } catch (NumberFormatException e) {     // a chunk size that is not hexadecimal
            throw new Unreadable(400, BAD_CHUNKS, e);
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            throw new Unreadable(Unreadable.GONE, "the client closed the connection before sending the whole body", e);
        }
    }

    /**
     * With a Content-Length the body is read into an array of exactly that size: Helidon's {@code as(byte[].class)}
     * goes through {@code InputStream.readAllBytes}, which allocates 16 KiB chunks, and for a 600-byte row that was two
     * thirds of all the bytes the server allocated (so most of its collections).
     */
    private static byte[] readWhole(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) return new byte[0];
        OptionalLong length = req.headers().contentLength();
        if (length.isEmpty()) return req.content().as(byte[].class);   // chunked: Helidon stops it past MAX
        byte[] body = new byte[(int) length.getAsLong()];             // Helidon refused more than MAX before routing
        try (InputStream in = req.content().inputStream()) {
            int n = in.readNBytes(body, 0, body.length);
            if (n < body.length) throw new IOException("the body ended after " + n + " of its " + body.length + " bytes");
        }
        return body;
    }
}
