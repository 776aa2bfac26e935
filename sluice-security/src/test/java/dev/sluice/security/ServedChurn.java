package dev.sluice.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice serve churn} as a user starts it, in a child JVM: a logistic churn model trained on 500 telco
 * customers with {@code sluice run}, registered as churn@champion, served on a free loopback port with
 * {@code SLUICE_TOKEN} set. One server per test JVM, shared by the test classes; stopped by a shutdown hook.
 */
public final class ServedChurn {
    static final String TOKEN = "token-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    /** Customer 7590-VHVEG of the telco data, as a request row. */
    public static final String ROW = "{\"gender\": \"Female\", \"SeniorCitizen\": 0, \"Partner\": \"Yes\", \"Dependents\": \"No\","
            + " \"tenure\": 1, \"PhoneService\": \"No\", \"MultipleLines\": \"No phone service\", \"InternetService\": \"DSL\","
            + " \"OnlineSecurity\": \"No\", \"OnlineBackup\": \"Yes\", \"DeviceProtection\": \"No\", \"TechSupport\": \"No\","
            + " \"StreamingTV\": \"No\", \"StreamingMovies\": \"No\", \"Contract\": \"Month-to-month\","
            + " \"PaperlessBilling\": \"Yes\", \"PaymentMethod\": \"Electronic check\", \"MonthlyCharges\": 29.85,"
            + " \"TotalCharges\": 29.85}";
    private static ServedChurn running;

    public final Sluice sluice;
    public final Sluice.Child process;
    public final int port;

    private ServedChurn(Sluice sluice, Sluice.Child process, int port) {
        this.sluice = sluice;
        this.process = process;
        this.port = port;
    }

    public static synchronized ServedChurn get() {
        if (running == null) running = start();
        assertThat(running.process.process().isAlive()).as("the sluice serve child is running").isTrue();
        return running;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    /** A fresh workspace with churn@champion trained and registered by {@code sluice run}. */
    public static Sluice trained() {
        try {
            Path home = Files.createTempDirectory("sluice-security-serve");
            Sluice sluice = new Sluice(home);
            Path yaml = home.resolve("train.yaml");
            Files.writeString(yaml, """
                    pipeline: churn
                    steps:
                      load:     {uses: csv, with: {path: "%s", nulls: ["", " "]}}
                      features: {uses: sql, inputs: {tables: load.data}, with: {query: "SELECT * EXCLUDE (customerID) FROM data"}}
                      train:    {uses: logistic, inputs: {train: features.data}, with: {target: Churn}}
                      register: {uses: register, inputs: {model: train.model}, with: {name: churn, alias: champion}}
                    """.formatted(Sluice.repoRoot().resolve("sluice-serve/src/test/resources/data/telco-500.csv")));
            Sluice.Result r = sluice.inProcess("run", yaml.toString());
            assertThat(r.code()).as(r.all()).isZero();
            return sluice;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServedChurn start() {
        return start(trained().with("SLUICE_TOKEN", TOKEN), "--no-log");
    }

    /** {@code sluice serve churn --port 0 OPTIONS} in a child of {@code sluice}, once it listens. */
    public static ServedChurn start(Sluice sluice, String... options) {
        List<String> args = new ArrayList<>(List.of("serve", "churn", "--port", "0"));
        args.addAll(List.of(options));
        Sluice.Child child = sluice.start(args.toArray(String[]::new));
        Process p = child.process();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        Path out = child.out();
        Pattern at = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        try {
            while (Instant.now().isBefore(deadline) && p.isAlive()) {
                Matcher m = at.matcher(Files.readString(out));
                if (m.find()) return new ServedChurn(sluice, child, Integer.parseInt(m.group(1)));
                Thread.sleep(100);
            }
            p.destroyForcibly();
            throw new AssertionError("sluice serve did not start: " + Files.readString(out)
                    + Files.readString(child.err()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
