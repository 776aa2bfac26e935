package dev.sluice.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop HTTP/1.1 load generator: {@code connections} keep-alive connections, each on its own thread sending one
 * request and reading its answer before the next, for a given time. Counts answers by status and keeps every latency.
 * Not a benchmark harness: what it measures is printed, never asserted.
 */
final class LoadClient {
    /** What a load run saw. */
    record Outcome(long ok, long failed, List<String> failures, long[] latenciesNanos, Duration elapsed) {
        double perSecond() {
            return (ok + failed) / (elapsed.toNanos() / 1e9);
        }

        double meanMillis() {
            return Arrays.stream(latenciesNanos).average().orElse(Double.NaN) / 1e6;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) return Double.NaN;
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))] / 1e6;
        }
    }

    private LoadClient() {}

    static Outcome run(int port, byte[] request, int connections, Duration duration) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) workers.add(new Worker(port, request, stop));
        long t0 = System.nanoTime();
        List<Thread> threads = workers.stream().map(w -> Thread.ofPlatform().daemon().start(w)).toList();
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread t : threads) t.join(30_000);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        long ok = 0, failed = 0;
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Worker w : workers) {
            ok += w.ok;
            failed += w.failed;
            if (failures.size() < 10) failures.addAll(w.failures.subList(0, Math.min(w.failures.size(), 10 - failures.size())));
            n += w.count;
        }
        long[] all = new long[n];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        return new Outcome(ok, failed, failures, all, elapsed);
    }

    private static final class Worker implements Runnable {
        final int port;
        final byte[] request;
        final AtomicBoolean stop;
        long ok, failed;
        final List<String> failures = new ArrayList<>();
        long[] latencies = new long[1 << 16];
        int count;

        Worker(int port, byte[] request, AtomicBoolean stop) {
            this.port = port;
            this.request = request;
            this.stop = stop;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 14);
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        record(System.nanoTime() - t);
                        if (status == 200) ok++;
                        else fail("HTTP " + status);
                    }
                } catch (IOException e) {
                    if (!stop.get()) fail(e.toString());
                }
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = nanos;
        }

        private void fail(String why) {
            failed++;
            if (failures.size() < 10) failures.add(why);
        }

        /** Reads one response with a Content-Length body; returns its status. */
        private static int readResponse(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder(256);
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) throw new IOException("the server closed the connection");
                head.append((char) b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            }
            String h = head.toString();
            int status = Integer.parseInt(h.substring(9, 12));
            int cl = h.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
            if (cl < 0) throw new IOException("an answer without Content-Length: " + h);
            int length = Integer.parseInt(h.substring(cl + 15, h.indexOf('\r', cl)).trim());
            byte[] body = in.readNBytes(length);
            if (body.length != length) throw new IOException("a short body");
            if (status != 200) throw new IOException("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
            return status;
        }
    }
}
