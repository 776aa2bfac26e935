package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes written as they are to one TCP connection (then the sending side is closed), and every HTTP/1.1 response the
 * server sent back, parsed, until it closed the connection or went quiet: for tests of an HTTP server's handling of
 * malformed, smuggled or hostile requests that an HTTP client library would refuse to send. Immutable.
 *
 * @param responses what came back, in order
 * @param closed    whether the server closed the connection (rather than leaving it open past the patience)
 * @param garbage   bytes after the last whole response that are not a response (empty when all parsed)
 */
public record RawExchange(List<Response> responses, boolean closed, String garbage) {
    /** One parsed response. */
    public record Response(int status, Map<String, String> headers, String body) {}

    /** Sends {@code request} to 127.0.0.1:{@code port}; waits at most {@code patienceMs} for each read. */
    public static RawExchange send(int port, byte[] request, int patienceMs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(patienceMs);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                // the server closed the connection before all was sent: read what it answered
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed = true;
            try (InputStream in = s.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (SocketException e) {
                // reset by the server: it closed
            }
            return parse(got.toByteArray(), closed);
        }
    }

    private static RawExchange parse(byte[] bytes, boolean closed) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Response> out = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0 || !text.startsWith("HTTP/1.1 ", at)) break;
            String[] lines = text.substring(at, headEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int bodyStart = headEnd + 4;
            int bodyEnd;
            String body;
            if (headers.containsKey("content-length")) {
                bodyEnd = Math.min(text.length(), bodyStart + Integer.parseInt(headers.get("content-length")));
                body = text.substring(bodyStart, bodyEnd);
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                StringBuilder b = new StringBuilder();
                int p = bodyStart;
                while (true) {
                    int eol = text.indexOf("\r\n", p);
                    if (eol < 0) { p = text.length(); break; }
                    int size = Integer.parseInt(text.substring(p, eol).trim(), 16);
                    p = eol + 2;
                    if (size == 0) { p = Math.min(text.length(), p + 2); break; }
                    b.append(text, p, Math.min(text.length(), p + size));
                    p = Math.min(text.length(), p + size + 2);
                }
                bodyEnd = p;
                body = b.toString();
            } else {
                bodyEnd = bodyStart;
                body = "";
            }
            out.add(new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
            at = bodyEnd;
        }
        return new RawExchange(out, closed, text.substring(at));
    }
}
