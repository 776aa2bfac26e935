package dev.sluice.s3;

import dev.sluice.api.PortKind;
import dev.sluice.store.Digest;
import dev.sluice.store.StoreException;
import dev.sluice.store.StoredArtifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the S3 store writes, on a real S3-compatible server (S3Mock, {@link S3Server}): multipart uploads above one part,
 * conditional writes that never clobber, and uploads that fail or die half-way leaving nothing visible. The SDK's
 * {@link ExecutionInterceptor}s here only watch the real requests (or make one fail, as a dropped connection would).
 */
class S3StoreWritesTest {
    /** The smallest part S3 allows, so that a test file spans several parts without being large. */
    static final long PART = 5L << 20;

    @TempDir
    Path tmp;
    private final S3Server server = S3Server.get();
    private final S3Client raw = server.client();
    private final S3Location location = new S3Location(S3Server.BUCKET, S3Server.freshPrefix());

    @AfterEach
    void close() {
        raw.close();
    }

    @Test
    void aFileBiggerThanOnePartGoesUpInPartsAndComesBackIdentical() throws IOException {
        Path big = randomFile("big.bin", 2 * PART + 12345, 1);
        List<String> requests = new CopyOnWriteArrayList<>();
        try (S3ArtifactStore store = store("writer", watching(requests))) {
            StoredArtifact a = store.put(big, PortKind.FILE, false);

            assertThat(requests).containsSubsequence("CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart",
                    "CompleteMultipartUpload");
            assertThat(requests).filteredOn("UploadPart"::equals).hasSize(3);
            assertThat(requests).doesNotContain("PutObject");
            try (S3ArtifactStore reader = store("reader")) {
                Path copy = reader.path(a.digest()).orElseThrow();
                assertThat(copy).hasSameBinaryContentAs(big);
                assertThat(copy.startsWith(reader.cacheRoot())).isTrue();
            }
        }
        String key = location.blobKey(Sha256.of(Files.readAllBytes(big)));
        assertThat(raw.headObject(b -> b.bucket(location.bucket()).key(key)).contentLength()).isEqualTo(Files.size(big));
    }

    /** Which of the two mechanisms guards writes on this server: S3Mock enforces the condition itself. */
    @Test
    void theServerRefusesASecondConditionalWriteOfAKey() {
        String key = location.prefix() + "probe";
        raw.putObject(b -> b.bucket(location.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> raw.putObject(b -> b.bucket(location.bucket()).key(key).ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(raw.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asUtf8String()).isEqualTo("first");
    }

    @Test
    void everyUploadIsConditionalSoAnExistingObjectIsNeverOverwritten() throws IOException {
        List<Object> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor conditions = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest p) sent.add(p.ifNoneMatch());
                if (context.request() instanceof CompleteMultipartUploadRequest c) sent.add(c.ifNoneMatch());
            }
        };
        try (S3ArtifactStore store = store("writer", conditions)) {
            store.put(randomFile("small.bin", 1000, 2), PortKind.FILE, false);
            store.put(randomFile("big.bin", PART + 1, 3), PortKind.FILE, false);
            Path folder = Files.createDirectories(tmp.resolve("folder"));
            Files.writeString(folder.resolve("a.txt"), "a");
            store.put(folder, PortKind.FOLDER, false);
        }
        assertThat(sent).hasSize(4).containsOnly("*");
    }

    @Test
    void twoMachinesStoringTheSameBigFileAtOnceBothSucceedAndTheObjectIsWrittenOnce() throws Exception {
        Path big = randomFile("same.bin", PART + PART / 2, 4);
        Digest digest = Sha256.of(Files.readAllBytes(big));
        // the race, made certain: B has passed its HEAD (started its upload) before A completes, and B completes after
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch aCompleted = new CountDownLatch(1);
        AtomicInteger bRefused = new AtomicInteger();
        ExecutionInterceptor a = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CompleteMultipartUploadRequest) await(bStarted);
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CompleteMultipartUploadRequest) aCompleted.countDown();
            }
        };
        ExecutionInterceptor b = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CompleteMultipartUploadRequest) await(aCompleted);
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CreateMultipartUploadRequest) bStarted.countDown();
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CompleteMultipartUploadRequest) bRefused.incrementAndGet();
            }
        };
        List<StoredArtifact> stored = inParallel(2, i -> {
            try (S3ArtifactStore s = store("machine-" + i, i == 0 ? a : b)) {
                return s.put(big, PortKind.FILE, false);
            }
        });

        assertThat(stored).extracting(StoredArtifact::digest).containsOnly(digest);
        assertThat(bRefused).as("B's conditional completion is refused: the object exists").hasValue(1);
        try (S3ArtifactStore reader = store("reader")) {
            assertThat(reader.list()).containsExactly(digest);
            assertThat(reader.path(digest).orElseThrow()).hasSameBinaryContentAs(big);
        }
        assertThat(raw.listMultipartUploads(r -> r.bucket(location.bucket()).prefix(location.prefix())).uploads()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(2, TimeUnit.MINUTES)) throw new IllegalStateException("the other writer never got there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUploadThatFailsHalfWayIsAbortedAndNothingIsVisible() throws IOException {
        Path big = randomFile("big.bin", 3 * PART, 5);
        Digest digest = Sha256.of(Files.readAllBytes(big));
        AtomicInteger parts = new AtomicInteger();
        ExecutionInterceptor dropSecondPart = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest && parts.incrementAndGet() == 2) {
                    throw SdkClientException.create("connection dropped (test)"); // what the client throws then
                }
            }
        };
        try (S3ArtifactStore store = store("writer", dropSecondPart)) {
            assertThatThrownBy(() -> store.put(big, PortKind.FILE, true))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not upload '" + big + "' to/from " + location)
                    .hasMessageContaining("the output stays where the step wrote it");
            assertThat(big).exists();
        }
        try (S3ArtifactStore reader = store("reader")) {
            assertThat(reader.contains(digest)).isFalse();
            assertThat(reader.path(digest)).isEmpty();
            assertThat(reader.list()).isEmpty();
        }
        assertThat(raw.listMultipartUploads(b -> b.bucket(location.bucket()).prefix(location.prefix())).uploads()).isEmpty();
    }

    @Test
    void aWriterKilledMidUploadLeavesNothingVisibleAndItsPartsAreRemovedLater() throws Exception {
        Path big = randomFile("big.bin", 3 * PART, 6);
        Digest digest = Sha256.of(Files.readAllBytes(big));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledUploadMain.class.getName(), String.valueOf(server.port), location.prefix(),
                tmp.resolve("killed-writer").toString(), big.toString())
                .redirectError(tmp.resolve("writer.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the writer's first line (stderr in %s)", tmp.resolve("writer.err")).isEqualTo("PART");
            writer.destroyForcibly(); // SIGKILL while the upload is open
            writer.waitFor();
        }

        try (S3ArtifactStore reader = store("reader")) {
            assertThat(reader.contains(digest)).isFalse();
            assertThat(reader.path(digest)).isEmpty();
            assertThat(reader.list()).isEmpty();
            assertThat(raw.listMultipartUploads(b -> b.bucket(location.bucket()).prefix(location.prefix())).uploads())
                    .singleElement().satisfies(u -> assertThat(u.key()).isEqualTo(location.blobKey(digest)));

            assertThat(reader.abortAbandonedUploads(Duration.ofHours(1))).isZero(); // too young: may be a live writer
            assertThat(reader.abortAbandonedUploads(Duration.ZERO)).isEqualTo(1);
        }
        assertThat(raw.listMultipartUploads(b -> b.bucket(location.bucket()).prefix(location.prefix())).uploads()).isEmpty();
    }

    // ---- helpers

    private S3ArtifactStore store(String name, ExecutionInterceptor... interceptors) {
        return new S3ArtifactStore(server.client(interceptors), true, location, tmp.resolve(name), PART, "S3Mock");
    }

    private static ExecutionInterceptor watching(List<String> requests) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request().getClass().getSimpleName().replace("Request", ""));
            }
        };
    }

    private Path randomFile(String name, long size, long seed) throws IOException {
        byte[] bytes = new byte[(int) size];
        new Random(seed).nextBytes(bytes);
        return Files.write(tmp.resolve(name), bytes);
    }

    private interface Indexed<T> {
        T call(int index) throws Exception;
    }

    private static <T> List<T> inParallel(int n, Indexed<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return task.call(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
