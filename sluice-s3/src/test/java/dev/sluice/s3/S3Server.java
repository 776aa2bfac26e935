package dev.sluice.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the tests: Adobe's S3Mock (its Spring Boot jar, which the build copies to
 * {@code target/s3mock/s3mock.jar} from Maven Central) started as its own process with the JDK running the tests, on a
 * free port of 127.0.0.1, with one bucket. One server per test JVM, started on first use and stopped when the JVM
 * exits. Its log is {@code target/s3mock/s3mock-PORT.log} (of sluice-s3). Public for sluice-cli's tests (test jar).
 */
public final class S3Server {
    public static final String BUCKET = "sluice-test";
    private static S3Server running;

    public final int port;
    private final Process process;

    private S3Server(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** A server another process of this test run started, on {@code port}. */
    static S3Server at(int port) {
        return new S3Server(port, null);
    }

    /** The server, started on first call. */
    public static synchronized S3Server get() {
        if (running == null) running = start();
        return running;
    }

    private static S3Server start() {
        Path jar = Path.of("target/s3mock/s3mock.jar").toAbsolutePath(); // sluice-s3's own tests
        if (!Files.isRegularFile(jar)) jar = Path.of("../sluice-s3/target/s3mock/s3mock.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (process-test-resources"
                    + " copies com.adobe.testing:s3mock:exec into target/s3mock)");
        }
        try {
            int port = freePort();
            Path root = Files.createTempDirectory("s3mock-root");
            Path log = jar.resolveSibling("s3mock-" + port + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString(),
                    "--server.ssl.enabled=false", "--server.address=127.0.0.1", "--server.port=" + port,
                    "--com.adobe.testing.s3mock.httpPort=0",
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET,
                    "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!accepts(port)) {
                if (!p.isAlive()) throw new IllegalStateException("S3Mock exited with " + p.exitValue() + "; see " + log);
                if (System.nanoTime() > deadline) throw new IllegalStateException("S3Mock did not listen on " + port + " in 120 s; see " + log);
                Thread.sleep(100);
            }
            S3Server server = new S3Server(port, p);
            try (S3Client c = server.client()) { // the listener is up before the bucket is: wait for it too
                while (true) {
                    try {
                        c.headBucket(b -> b.bucket(BUCKET));
                        break;
                    } catch (RuntimeException e) {
                        if (System.nanoTime() > deadline) throw e;
                        Thread.sleep(100);
                    }
                }
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start S3Mock: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The environment a user would set to reach this server. */
    public Map<String, String> env(String prefix) {
        return Map.of("SLUICE_STORE", "s3://" + BUCKET + "/" + prefix, "AWS_ENDPOINT_URL", endpoint().toString(),
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test-key", "AWS_SECRET_ACCESS_KEY", "test-secret");
    }

    public S3Client client(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) o.addExecutionInterceptor(i);
                })
                .build();
    }

    /** A prefix no other test uses. */
    public static String freshPrefix() {
        return "t-" + UUID.randomUUID() + "/";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
