package dev.sluice.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets in logs (Airflow's connection passwords and variables in task logs and rendered templates, MLflow's and
 * Ray's credentials in logged environments and URLs): a secret a step reads through {@code ${env.NAME}} (in its
 * {@code env:} or its arguments) and the metadata database's password ({@code SLUICE_DB_PASSWORD}, or one written in
 * {@code SLUICE_DB}) appear in no output of any command, not even with {@code --verbose}, and in no file Sluice writes:
 * step logs, run folders, the store, the database, the HTML report.
 */
class SecretsInLogsTest {
    @TempDir
    Path home;

    @Test
    void anEnvSecretAndTheDatabasePasswordAppearNowhere() throws IOException {
        String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
        String dbPassword = "dbpw-" + Long.toHexString(System.nanoTime());
        Path yaml = home.resolve("secrets.yaml");
        Files.writeString(yaml, """
                pipeline: secrets
                steps:
                  use:  {run: [python3, -c, "import os, sys; assert os.environ['API_KEY'] == sys.argv[1]; print('{\\"ok\\": 1}')", "${env.MY_SECRET}"], env: {API_KEY: "${env.MY_SECRET}"}, checks: {ok: ">= 1"}}
                  fail: {run: [python3, -c, "import sys; sys.exit('failed on purpose')", "--key=${env.MY_SECRET}"], env: {API_KEY: "key=${env.MY_SECRET}"}, after: [use]}
                """);
        Sluice sluice = new Sluice(home.resolve("ws")).with("MY_SECRET", secret).with("SLUICE_DB_PASSWORD", dbPassword);
        List<Sluice.Result> results = new ArrayList<>();
        Sluice.Result run = sluice.child("run", yaml.toString(), "--json");
        results.add(run);
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        Matcher id = Pattern.compile("\"run_id\" : \"([^\"]+)\"").matcher(run.out());
        assertThat(id.find()).isTrue();
        results.add(sluice.child("run", yaml.toString(), "--verbose", "--no-cache"));
        results.add(sluice.child("show", id.group(1), "--json"));
        results.add(sluice.child("show", id.group(1), "--verbose"));
        results.add(sluice.child("why", id.group(1), "use", "--json"));
        results.add(sluice.child("report", id.group(1), "-o", home.resolve("report.html").toString()));
        results.add(sluice.child("runs", "--json"));
        assertThat(results.get(1).code()).isEqualTo(1);
        assertThat(run.out()).contains("failed on purpose");
        for (Sluice.Result r : results) assertThat(r.all()).doesNotContain(secret).doesNotContain(dbPassword);
        List<Path> written;
        try (Stream<Path> files = Files.walk(home)) {
            written = files.filter(Files::isRegularFile).filter(p -> !p.equals(yaml)).toList();
        }
        assertThat(written).anyMatch(p -> p.getFileName().toString().equals("log.txt"))
                .anyMatch(p -> p.getFileName().toString().startsWith("sluice.db")).contains(home.resolve("report.html"));
        for (Path p : written) {
            String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(content).as("%s", p).doesNotContain(secret).doesNotContain(dbPassword);
        }
    }

    @Test
    void aDatabasePasswordIsNotInTheErrorWhenTheDatabaseCannotBeReached() {
        String inUrl = "urlpw-" + Long.toHexString(System.nanoTime());
        String inEnv = "envpw-" + Long.toHexString(System.nanoTime());
        Sluice sluice = new Sluice(home).with("SLUICE_DB", "jdbc:postgresql://127.0.0.1:1/sluice?user=u&password=" + inUrl)
                .with("SLUICE_DB_PASSWORD", inEnv);
        for (String[] args : List.of(new String[]{"runs"}, new String[]{"runs", "--verbose"}, new String[]{"models", "--json"})) {
            Sluice.Result r = sluice.child(args);
            assertThat(r.code()).as(r.all()).isNotZero();
            assertThat(r.err()).as(String.join(" ", args)).contains("127.0.0.1:1").doesNotContain(inUrl).doesNotContain(inEnv);
            assertThat(r.out()).doesNotContain(inUrl).doesNotContain(inEnv);
        }
    }
}
