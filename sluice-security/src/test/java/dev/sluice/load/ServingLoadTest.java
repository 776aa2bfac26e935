package dev.sluice.load;

import dev.sluice.security.ServedChurn;
import dev.sluice.security.Sluice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice serve} under load, as deployed: a child JVM with a 512 MB heap and the prediction log on, 64 keep-alive
 * connections posting single-row predictions for {@code sluice.load.seconds} seconds (10 in the default build;
 * {@code bench/load/run} runs 60). Every answer must be a 200, the server must stay up, and its resident memory must
 * stay under 1 GiB (a leak on or off the heap, such as the prediction log's buffers, would cross it). Throughput,
 * latency percentiles and peak memory are printed for the report, never asserted.
 */
class ServingLoadTest {
    static final int CONNECTIONS = 64;
    static final long MAX_RSS_KB = 1L << 20;

    @Test
    void sixtyFourConnectionsGetOnlyAnswersAndMemoryStaysBounded() throws Exception {
        int seconds = Integer.getInteger("sluice.load.seconds", 10);
        Sluice sluice = ServedChurn.trained().withJvmOptions("-Xmx512m");
        ServedChurn served = ServedChurn.start(sluice);
        long pid = served.process.process().pid();
        AtomicLong peakKb = new AtomicLong(rssKb(pid));
        long startKb = peakKb.get();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakKb.accumulateAndGet(rssKb(pid), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        byte[] request = ("POST /v1/models/churn/predict HTTP/1.1\r\nHost: " + served.host() + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + ServedChurn.ROW.length() + "\r\n\r\n" + ServedChurn.ROW).getBytes(StandardCharsets.UTF_8);
        LoadClient.Outcome o;
        try {
            o = LoadClient.run(served.port, request, CONNECTIONS, Duration.ofSeconds(seconds));
        } finally {
            sampler.shutdownNow();
        }
        System.out.printf("serving load: %d connections, %d s: %d answers (%d failed), %.0f requests/s, mean %.2f ms,"
                        + " p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; server RSS %d MB at start, peak %d MB%n",
                CONNECTIONS, seconds, o.ok() + o.failed(), o.failed(), o.perSecond(), o.meanMillis(), o.percentileMillis(0.5),
                o.percentileMillis(0.99), o.percentileMillis(0.999), o.percentileMillis(1.0), startKb / 1024, peakKb.get() / 1024);
        try {
            assertThat(o.failures()).as("failures").isEmpty();
            assertThat(o.failed()).isZero();
            assertThat(o.ok()).isPositive();
            assertThat(served.process.process().isAlive()).isTrue();
            assertThat(peakKb.get()).as("peak resident memory of the server, KB").isLessThan(MAX_RSS_KB);
            assertThat(Files.readString(served.process.err())).as("the server's stderr").isEmpty();
        } finally {
            served.process.process().destroy();
            served.process.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** VmRSS of a process, in KB (Linux). */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }
}
