package dev.sluice.security;

import dev.sluice.testing.RawExchange;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side request forgery (MLflow's artifact URIs fetched by the server, CVE-2023-6974 and CVE-2024-0520; Ray's
 * and BentoML's URL-taking endpoints). What Sluice allows, as README's "Security and reliability" says: a pipeline
 * file and its {@code -p} values are the user's own code, and read the local files and databases they name;
 * {@code path} parameters are local paths only, so a URL there ({@code http:}, {@code https:}, {@code file:},
 * {@code s3:}) is a file that does not exist, and DuckDB never loads its HTTP extension (no install or autoload at run
 * time); {@code sluice serve} takes no URL or path from a request at all. Each test listens on a loopback port and
 * asserts that nothing connected to it.
 */
class SsrfTest {
    @TempDir
    Path home;
    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/" + path;
    }

    @Test
    void urlsInPathParametersAreLocalFilesThatDoNotExist() throws IOException {
        Path yaml = home.resolve("urls.yaml");
        Files.writeString(yaml, """
                pipeline: urls
                params:
                  data: {type: path, default: "%s"}
                steps:
                  csv:     {uses: csv, with: {path: "${params.data}"}}
                  duck:    {uses: csv, with: {path: "%s", parser: duckdb}}
                  parquet: {uses: parquet, with: {path: "%s"}}
                  file:    {uses: file, with: {path: "file:///etc/passwd"}}
                  s3:      {uses: csv, with: {path: "s3://bucket/data.csv"}}
                """.formatted(url("a.csv"), url("b.csv"), url("c.parquet")));
        Sluice.Result r = new Sluice(home.resolve("ws")).child("run", yaml.toString(), "-p", "data=" + url("p.csv"));
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).contains("csv: file '" + url("p.csv") + "' does not exist", "csv: file '" + url("b.csv") + "' does not exist",
                "parquet: file '" + url("c.parquet") + "' does not exist", "csv: file 's3://bucket/data.csv' does not exist");
        assertThat(r.all()).doesNotContain("root:x:0:0");
        assertThat(connections).hasValue(0);
    }

    @Test
    void sqlCannotFetchAUrlBecauseDuckDbLoadsNoHttpExtension() throws IOException {
        Path yaml = home.resolve("sql.yaml");
        Files.writeString(yaml, """
                pipeline: sql-urls
                steps:
                  load:  {uses: csv, with: {path: "%s"}}
                  fetch: {uses: sql, inputs: {tables: load.data}, with: {query: "SELECT * FROM read_csv('%s')"}}
                """.formatted(Sluice.repoRoot().resolve("examples/hello/data/iris.csv"), url("x.csv")));
        Sluice.Result r = new Sluice(home.resolve("ws")).inProcess("run", yaml.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).contains("fetch").containsIgnoringCase("httpfs");
        assertThat(connections).hasValue(0);
    }

    @Test
    void theServerTakesNoUrlFromARequest() {
        for (String path : List.of("/v1/models/" + url("m").replace(":", "%3a").replace("/", "%2f"),
                "/v1/models/" + url("m").replace("/", "%2f") + "/predict", "/v1/models?url=" + url("m"),
                "/v1/models/churn/reload?source=" + url("m"))) {
            String method = path.contains("predict") || path.contains("reload") ? "POST" : "GET";
            RawExchange x = ServerClient.send(ServerClient.head(method, path, "Host: {host}", "Content-Type: application/json",
                    "Authorization: Bearer " + ServedChurn.TOKEN, "Content-Length: " + ServedChurn.ROW.length(),
                    "Connection: close") + ServedChurn.ROW);
            assertThat(x.responses()).as(path).hasSize(1);
        }
        String body = ServedChurn.ROW.replace("\"Female\"", "\"" + url("g") + "\"");
        RawExchange row = ServerClient.send(ServerClient.head("POST", "/v1/models/churn/predict", "Host: {host}",
                "Content-Type: application/json", "Content-Length: " + body.length(), "Connection: close") + body);
        assertThat(row.responses()).extracting(RawExchange.Response::status).containsExactly(200);
        assertThat(connections).hasValue(0);
    }

    @Test
    void aMetadataUrlThatIsNotJdbcIsRefusedWithoutConnecting() {
        Sluice.Result r = new Sluice(home).with("SLUICE_DB", url("db")).child("runs");
        assertThat(r.code()).as(r.all()).isNotZero();
        assertThat(r.err()).isEqualTo("sluice: SLUICE_DB is '" + url("db") + "', which is not a metadata database Sluice"
                + " can use. Set it to jdbc:postgresql://HOST:PORT/DATABASE, or unset it to use SQLite in the Sluice home.\n");
        assertThat(connections).hasValue(0);
    }
}
