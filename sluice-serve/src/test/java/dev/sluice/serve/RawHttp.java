package dev.sluice.serve;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * One raw TCP connection to a test server: writes bytes as given (no client library fixing them up) and reads every
 * response the server sends until it closes the connection. For what java.net.http cannot send: a forged Host, a
 * broken chunk size, a body cut short, a request hidden in a body.
 */
final class RawHttp implements AutoCloseable {
    /** How long a read waits for the server before the connection counts as left open. */
    static final int PATIENCE_MS = 20_000;

    private final Socket socket;
    private final OutputStream out;

    RawHttp(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(PATIENCE_MS);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One parsed response. */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** Everything the server sent, parsed, and whether it closed the connection (rather than leaving it open). */
    record Exchange(List<Response> responses, boolean closed) {}

    /** Writes {@code bytes}; false when the server had already closed the connection. */
    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Half-closes the connection: the server sees the end of the stream. */
    void finishSending() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // already closed by the server
        }
    }

    /** Reads until the server closes the connection or {@link #PATIENCE_MS} pass without a byte. */
    Exchange readAll() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        boolean closed;
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) all.write(buf, 0, n);
            closed = true;
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (SocketException e) {
            closed = true;                      // reset by the server: closed too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exchange(parse(all.toByteArray()), closed);
    }

    /** The responses in {@code bytes}: status line, headers, and a body of Content-Length bytes. */
    static List<Response> parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf("\r\n\r\n", at);
            if (end < 0) throw new AssertionError("a response without the end of its headers: " + text.substring(at));
            String[] lines = text.substring(at, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            int bodyStart = end + 4;
            String body = new String(bytes, bodyStart, Math.min(length, bytes.length - bodyStart), StandardCharsets.UTF_8);
            responses.add(new Response(status, headers, body));
            at = bodyStart + length;
        }
        return responses;
    }

    /** A request head: method, path, Host and further header lines (each "Name: value"). */
    static String head(String method, String path, String host, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        if (host != null) b.append("Host: ").append(host).append("\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        return b.append("\r\n").toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
