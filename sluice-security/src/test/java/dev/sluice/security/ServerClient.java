package dev.sluice.security;

import dev.sluice.testing.RawExchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Raw requests to the shared {@link ServedChurn} server. */
final class ServerClient {
    private ServerClient() {}

    /** Sends {@code request} ({@code {host}} stands for 127.0.0.1:PORT) on a fresh connection; reads every answer. */
    static RawExchange send(String request) {
        ServedChurn served = ServedChurn.get();
        try {
            return RawExchange.send(served.port, request.replace("{host}", served.host()).getBytes(StandardCharsets.UTF_8), 20_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request head with the given header lines, then an empty line. */
    static String head(String method, String path, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        return b.append("\r\n").toString();
    }

    /** A prediction POST of the churn row with the given extra header lines (Host first among them). */
    static String predict(String... headers) {
        String[] all = new String[headers.length + 1];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Content-Length: " + ServedChurn.ROW.length();
        return head("POST", "/v1/models/churn/predict", all) + ServedChurn.ROW;
    }
}
