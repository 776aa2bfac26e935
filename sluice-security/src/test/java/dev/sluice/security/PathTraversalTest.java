package dev.sluice.security;

import dev.sluice.testing.RawExchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path traversal (MLflow CVE-2023-1177, CVE-2023-6909, CVE-2024-1483: artifact and model names that reach the file
 * system; BentoML and Ray's log and file endpoints; Airflow's log-file names): every encoded form of a way out of the
 * store, {@code ..}, {@code %2e%2e}, {@code %252e} (double encoding), backslashes, absolute paths and symbolic links,
 * against every place a name or id enters: run and artifact ids and model names on the command line, model names in
 * HTTP paths of {@code sluice serve}, output names in pipeline files, and links inside a command step's outputs.
 */
class PathTraversalTest {
    static final List<String> ESCAPES = List.of("../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
            "%2e%2e/%2e%2e/etc/passwd", "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "..\\..\\..\\etc\\passwd",
            "/etc/passwd", "....//....//etc/passwd", "..", "sha256:../../../etc/passwd", "..%00/etc/passwd",
            "..%c0%af..%c0%afetc/passwd", "file:///etc/passwd");
    /** What /etc/passwd starts with, which no answer may contain. */
    static final String PASSWD = "root:x:0:0";

    @TempDir
    Path home;

    @Test
    void idsAndNamesOnTheCommandLineAreRefusedWithUsageErrorsThatEchoNoFile() {
        Sluice sluice = new Sluice(home);
        for (String v : ESCAPES) {
            for (String[] args : List.of(new String[]{"show", v}, new String[]{"lineage", v}, new String[]{"why", v, "count"},
                    new String[]{"report", v, "-o", home.resolve("r.html").toString()}, new String[]{"models", v},
                    new String[]{"promote", v, "1"}, new String[]{"promote", "churn", "1", "--alias", v},
                    new String[]{"serve", v, "--port", "0"}, new String[]{"monitor", v})) {
                Sluice.Result r = sluice.inProcess(args);
                assertThat(r.code()).as("sluice %s: %s", String.join(" ", args), r.all()).isEqualTo(2);
                assertThat(r.all()).as("sluice %s", String.join(" ", args)).doesNotContain(PASSWD).doesNotContain("\tat ");
            }
        }
        assertThat(home.resolve("r.html")).doesNotExist();
    }

    @Test
    void aChildProcessRefusesATraversingArtifactIdAndModelName() {
        Sluice sluice = new Sluice(home);
        Sluice.Result lineage = sluice.child("lineage", "../../../../etc/passwd");
        assertThat(lineage.code()).isEqualTo(2);
        assertThat(lineage.err()).isEqualTo("sluice: '../../../../etc/passwd' is not an artifact id: artifact ids"
                + " are 'sha256:' and 64 hexadecimal digits. Give an artifact id or a prefix of one, with or without"
                + " 'sha256:', such as 3e5d652f6a9d.\nRun 'sluice lineage --help' for usage.\n");
        Sluice.Result serve = sluice.child("serve", "..%2f..%2fetc%2fpasswd", "--port", "0");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.all()).doesNotContain(PASSWD);
    }

    @Test
    void modelNamesInHttpPathsNeverReachAFile() throws IOException {
        ServedChurn served = ServedChurn.get();
        for (String v : ESCAPES) {
            String encoded = v.replace("\\", "%5c").replace("/", "%2f");
            for (String path : List.of("/v1/models/" + v, "/v1/models/" + encoded, "/v1/models/" + encoded + "/predict",
                    "/v1/models/churn/" + encoded, "/v1/models/churn@" + encoded + "/predict")) {
                String method = path.endsWith("/predict") ? "POST" : "GET";
                RawExchange x = RawExchange.send(served.port, (method + " " + path + " HTTP/1.1\r\nHost: " + served.host()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + ServedChurn.ROW.length()
                        + "\r\nConnection: close\r\n\r\n" + ServedChurn.ROW).getBytes(StandardCharsets.ISO_8859_1), 20_000);
                assertThat(x.responses()).as(path).hasSize(1);
                RawExchange.Response r = x.responses().getFirst();
                assertThat(r.status()).as("%s %s: %s", method, path, r.body()).isIn(400, 404);
                assertThat(r.body()).as(path).doesNotContain(PASSWD).startsWith("{\"error\":");
            }
        }
    }

    @Test
    void outputNamesThatLeaveTheStepFolderAreRefusedByValidate() throws IOException {
        Sluice sluice = new Sluice(home);
        for (String name : List.of("../evil", "..", "a/b", "..\\evil", "/tmp/evil", "%2e%2e", ".")) {
            Path yaml = home.resolve("out.yaml");
            Files.writeString(yaml, """
                    pipeline: outputs
                    steps:
                      make: {run: [python3, -c, "print(1)"], outputs: {"%s": file}}
                    """.formatted(name.replace("\\", "\\\\")));
            Sluice.Result r = sluice.inProcess("validate", yaml.toString());
            assertThat(r.code()).as("output name %s: %s", name, r.all()).isEqualTo(2);
            assertThat(r.err()).as(name).startsWith(yaml + ":3:");
        }
    }

    @Test
    void linksInACommandStepsOutputsThatPointOutsideAreRefusedAndNothingOutsideIsStored() throws IOException {
        Path outside = Files.createDirectories(home.resolve("outside"));
        String secret = "secret-" + System.nanoTime();
        Files.writeString(outside.resolve("secret.txt"), secret);
        Path yaml = home.resolve("links.yaml");
        Files.writeString(yaml, """
                pipeline: links
                steps:
                  folder: {run: [python3, -c, "import os; os.makedirs('outputs/out', exist_ok=True); open('outputs/out/ok.txt','w').write('ok'); os.symlink('%1$s/secret.txt', 'outputs/out/leak.txt')"], outputs: {out: folder}}
                  tree:   {run: [python3, -c, "import os; os.makedirs('outputs/out/sub', exist_ok=True); os.symlink('%1$s', 'outputs/out/sub/all')"], outputs: {out: folder}}
                  file:   {run: [python3, -c, "import os; os.makedirs('outputs/out', exist_ok=True); os.symlink('%1$s/secret.txt', 'outputs/out/x.txt')"], outputs: {out: file}}
                  whole:  {run: [python3, -c, "import os; os.makedirs('outputs/out', exist_ok=True); os.rmdir('outputs/out'); os.symlink('%1$s', 'outputs/out')"], outputs: {out: folder}}
                """.formatted(outside));
        Sluice.Result r = new Sluice(home.resolve("ws")).child("run", yaml.toString(), "--json");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("\"status\" : \"failed\"");
        Map<String, String> errors = new LinkedHashMap<>();
        new ObjectMapper().readTree(r.out()).get("steps").forEach(s -> errors.put(s.get("name").asText(), s.get("error").asText()));
        assertThat(errors.get("folder")).startsWith("cannot store the outputs of step 'folder': folder '")
                .endsWith("/out' contains a symbolic link 'leak.txt' that points outside it (to '" + outside.resolve("secret.txt")
                        + "'); write a real file instead");
        assertThat(errors.get("tree")).endsWith("/out' contains a symbolic link 'sub/all' that points outside it (to '"
                + outside + "'); write a real file instead");
        assertThat(errors.get("file")).startsWith("cannot store the outputs of step 'file': ").contains("symbolic link");
        assertThat(errors.get("whole")).startsWith("cannot store the outputs of step 'whole': ").contains("symbolic link");
        try (Stream<Path> stored = Files.walk(home.resolve("ws").resolve("store"))) {
            for (Path p : stored.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as("stored %s", p).doesNotContain(secret);
            }
        }
    }
}
