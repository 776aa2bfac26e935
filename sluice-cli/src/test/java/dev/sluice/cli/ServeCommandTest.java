package dev.sluice.cli;

import dev.sluice.api.ModelVersion;
import dev.sluice.exec.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice serve} as a user runs it: start-up errors and exit codes, and what it logs (the server itself is tested
 * in sluice-serve). What would start serving runs in a child JVM, so that a regression cannot hang the suite.
 */
class ServeCommandTest {
    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(Cli.repoRoot(), Map.of("SLUICE_HOME", home.toString()));
    }

    /** Trains a logistic churn model on 500 telco customers and registers it as churn@champion (version 1). */
    private ModelVersion train() throws IOException {
        Path csv = Cli.repoRoot().resolve("sluice-serve/src/test/resources/data/telco-500.csv");
        Path yaml = home.resolve("train.yaml");
        Files.writeString(yaml, """
                pipeline: churn
                steps:
                  load:     {uses: csv, with: {path: "%s", nulls: ["", " "]}}
                  features: {uses: sql, inputs: {tables: load.data}, with: {query: "SELECT * EXCLUDE (customerID) FROM data"}}
                  train:    {uses: logistic, inputs: {train: features.data}, with: {target: Churn}}
                  register: {uses: register, inputs: {model: train.model}, with: {name: churn, alias: champion}}
                """.formatted(csv));
        Cli.Result r = cli().run("run", yaml.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        try (Workspace ws = Workspace.open(home)) {
            return ws.metadata().models().resolve("churn@champion").orElseThrow();
        }
    }

    /** {@code sluice serve ARGS} in a child JVM, as the launcher runs it; stdout and stderr go to files. */
    private Process serveInChild(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectOutput(home.resolve("out.txt").toFile())
                .redirectError(home.resolve("err.txt").toFile());
        b.environment().put("SLUICE_HOME", home.toString());
        return b.start();
    }

    @Test
    void refusesAModelTheRegistryDoesNotHave() {
        Cli.Result r = cli().run("serve", "churn", "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: no model churn@champion in the registry; list models and aliases with"
                + " `sluice models`, point an alias with `sluice promote churn VERSION --alias champion`\n");
    }

    @Test
    void refusesABadPollInterval() {
        Cli.Result r = cli().run("serve", "churn", "--poll", "often");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: --poll 'often' is not a duration; write e.g. 500ms, 2s or 1m\n");
    }

    @Test
    void refusesAnAllowedHostThatIsNoHostName() {
        Cli.Result r = cli().run("serve", "churn", "--allow-host", "http://evil.com/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: --allow-host 'http://evil.com/' is not a host name; write NAME or"
                + " NAME:PORT, e.g. models.example.com or 10.0.0.5:8080 (or * for any)\n");
    }

    @Test
    void readsHowLongLoggedPredictionsAreKeptForEveryModelOrOne() {
        var policy = ServeCommand.logPolicy(java.util.List.of("14", "churn=7"));
        assertThat(policy.keep()).isEqualTo(Duration.ofDays(14));
        assertThat(policy.keepFor("churn")).isEqualTo(Duration.ofDays(7));
        assertThat(policy.keepFor("other")).isEqualTo(Duration.ofDays(14));
        assertThat(ServeCommand.logPolicy(java.util.List.of()).keep()).as("the default").isEqualTo(Duration.ofDays(30));
        Cli.Result r = cli().run("serve", "churn", "--log-keep-days", "churn=0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: --log-keep-days 'churn=0': give a whole number of days of at least 1,"
                + " for every model (--log-keep-days 14) or one (--log-keep-days churn=7)\n");
    }

    @Test
    void readsPollDurations() {
        assertThat(ServeCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ServeCommand.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ServeCommand.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ServeCommand.duration("3")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTakenPortExitsTwoWithOneLineAndDoesNotHang() throws Exception {
        train();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Process child = serveInChild("churn", "--port", Integer.toString(taken.getLocalPort()));
            boolean exited = child.waitFor(120, TimeUnit.SECONDS);
            if (!exited) child.destroyForcibly();
            assertThat(exited).as("sluice serve on a taken port hangs; it printed " + Files.readString(home.resolve("out.txt"))).isTrue();
            assertThat(child.exitValue()).isEqualTo(2);
            assertThat(Files.readString(home.resolve("err.txt"))).isEqualTo("sluice serve: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use; stop what listens there, or pick another port with"
                    + " --port (0 picks a free one)\n");
            assertThat(Files.readString(home.resolve("out.txt"))).isEmpty();
        }
    }

    @Test
    void aModelWhoseFilesWereEditedInTheStoreExitsTwoNamingModelArtifactAndWhatToDo() throws Exception {
        ModelVersion v = train();
        Path dir;
        try (Workspace ws = Workspace.open(home)) {
            dir = ws.store().path(dev.sluice.store.Digest.parse(v.artifactId())).orElseThrow();
        }
        Path json = dir.resolve("model.json");
        byte[] bytes = Files.readAllBytes(json);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int digit = text.indexOf("\"intercept");
        while (!Character.isDigit(text.charAt(digit)) || text.charAt(digit) == '0') digit++;
        bytes[digit] = (byte) (bytes[digit] == '9' ? '1' : bytes[digit] + 1);     // same size, another intercept
        var mode = Files.getPosixFilePermissions(json);
        Files.setPosixFilePermissions(json, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(json, bytes);
        Files.setPosixFilePermissions(json, mode);

        Process child = serveInChild("churn", "--port", "0");   // a child: a serve that starts would never return
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) child.destroyForcibly();
        assertThat(exited).as("sluice serve served a model whose files were changed: " + Files.readString(home.resolve("out.txt")))
                .isTrue();
        assertThat(child.exitValue()).isEqualTo(2);
        assertThat(Files.readString(home.resolve("err.txt"))).isEqualTo("sluice serve: cannot serve churn@champion: the files of churn@1 (artifact "
                + v.artifactId() + ") in the store are not the ones registered: a file was changed, added or removed since,"
                + " so it is not loaded. Retrain it (re-run the pipeline that registered it, with --no-cache), or serve"
                + " another version: sluice promote churn VERSION --alias champion\n");
    }

    @Test
    void clientsThatGoAwayMidBodyAreOneLogLineNotAStackTraceEach() throws Exception {
        train();
        Process child = serveInChild("churn", "--port", "0", "--no-log");
        try {
            int port = waitForPort(child);
            assertThat(listeningAddresses(port)).as("without --host it listens on 127.0.0.1 only (IPv4, or IPv4-mapped)")
                    .singleElement().isIn("0100007F", "0000000000000000FFFF00000100007F");
            for (int i = 0; i < 40; i++) {
                try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
                    out.write(("POST /v1/models/churn/predict HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type:"
                            + " application/json\r\n" + (i % 2 == 0 ? "Content-Length: 5000\r\n\r\n{\"tenure\":"
                            : "Transfer-Encoding: chunked\r\n\r\n1000\r\n{\"tenure\":")).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.shutdownOutput();
                    assertThat(s.getInputStream().read()).as("nothing is answered to a request cut short").isEqualTo(-1);
                }
            }
        } finally {
            child.destroy();                    // SIGTERM: the shutdown hook stops the server
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> err = Files.readAllLines(home.resolve("err.txt"));
        assertThat(err).filteredOn(l -> l.contains("before sending the whole body")).hasSize(1).first().asString()
                .startsWith("WARN d.s.serve.ModelServer: a client closed the connection before sending the whole body of"
                        + " POST /v1/models/churn/predict");
        assertThat(err).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
    }

    /** The local addresses (hex, as the kernel lists them in /proc/net/tcp and tcp6) that listen on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String suffix = String.format(":%04X", port);
        List<String> found = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[1].endsWith(suffix) && f[3].equals("0A")) found.add(f[1].substring(0, f[1].length() - suffix.length()));
            }
        }
        return found;
    }

    /** The port the child printed in its "serving ... at http://127.0.0.1:PORT/..." line. */
    private int waitForPort(Process child) throws Exception {
        Pattern serving = Pattern.compile("serving churn@champion \\(version 1\\) at http://127\\.0\\.0\\.1:(\\d+)/");
        for (int i = 0; i < 1200 && child.isAlive(); i++) {
            Matcher m = serving.matcher(Files.readString(home.resolve("out.txt")));
            if (m.find()) return Integer.parseInt(m.group(1));
            Thread.sleep(100);
        }
        throw new AssertionError("sluice serve did not start: " + Files.readString(home.resolve("out.txt"))
                + Files.readString(home.resolve("err.txt")));
    }
}
