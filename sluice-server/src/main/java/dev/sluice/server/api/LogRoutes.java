package dev.sluice.server.api;

import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/runs/{id}/steps/{step}/log}: a step's log (its latest attempt, or {@code ?attempt=N}) as text.
 * Range reads by {@code ?offset=&limit=} (200) or a {@code Range: bytes=A-B} header (206); {@code X-Log-Size} and
 * {@code X-Log-Next-Offset} say where to read on. {@code ?follow=true} keeps the answer open and sends what is
 * appended until the step ends. Only files under the workspace's {@code runs/} folder are ever read. Thread-safe.
 */
record LogRoutes(ServerContext ctx) {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final int DEFAULT_LIMIT = 1 << 20;
    private static final int MAX_LIMIT = 16 << 20;

    List<Route> routes() {
        return List.of(Route.get("/api/v1/runs/{id}/steps/{step}/log", Access.VIEWER, this::log));
    }

    private Answer log(Call call) {
        RunRow run = Runs.find(ctx, call.path("id"));
        StepRunRow step = stepRun(call, run);
        Path file = logFile(run, step);
        long size = size(file);
        Optional<String> range = call.header("Range");
        long offset = call.query("offset").map(LogRoutes::number).orElse(0L);
        long limit = call.queryInt("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        boolean partial = false;
        if (range.isPresent()) {
            Matcher m = RANGE.matcher(range.get().strip());
            if (!m.matches()) throw new ApiError(416, "bad_range", "only one byte range is served, e.g. Range: bytes=0-1023");
            offset = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) limit = Math.min(MAX_LIMIT, Long.parseLong(m.group(2)) - offset + 1);
            if (offset >= size || limit < 1) throw new ApiError(416, "bad_range", "the log has " + size + " bytes");
            partial = true;
        }
        long start = Math.min(offset, size);
        long length = Math.max(0, Math.min(limit, size - start));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("X-Log-Size", Long.toString(size));
        headers.put("X-Step-Status", step.state().label());
        if (call.query("follow").filter("true"::equals).isPresent()) {
            return new Answer.Stream(200, headers, out -> follow(run.id(), step.step(), file, start, out));
        }
        headers.put("X-Log-Next-Offset", Long.toString(start + length));
        if (partial) headers.put("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
        long from = start;
        return new Answer.Stream(partial ? 206 : 200, headers, out -> copy(file, from, length, out));
    }

    private StepRunRow stepRun(Call call, RunRow run) {
        String name = call.path("step");
        List<StepRunRow> attempts = ctx.workspace().metadata().queries().stepRuns(run.id()).stream()
                .filter(s -> s.step().equals(name)).toList();
        if (attempts.isEmpty()) throw ApiError.notFound("run " + run.id() + " has no step '" + name + "' (yet); GET /api/v1/runs/"
                + run.id() + "/steps lists them");
        int attempt = call.queryInt("attempt", -1, 0, 1000);
        if (attempt < 0) return attempts.stream().max(java.util.Comparator.comparingInt(StepRunRow::attempt)).orElseThrow();
        return attempts.stream().filter(s -> s.attempt() == attempt).findFirst()
                .orElseThrow(() -> ApiError.notFound("step '" + name + "' has no attempt " + attempt));
    }

    /** The step's log file, which must lie under the workspace's runs folder. */
    private Path logFile(RunRow run, StepRunRow step) {
        Path runs = ctx.workspace().home().resolve("runs").toAbsolutePath().normalize();
        Optional<Path> file = step.logLocation().map(l -> Path.of(l).toAbsolutePath().normalize());
        if (file.isEmpty() || !file.get().startsWith(runs) || !Files.isRegularFile(file.get())) {
            throw ApiError.notFound("step '" + step.step() + "' of run " + run.id() + " has no log here (it wrote none,"
                    + " or ran on a server with another workspace folder)");
        }
        return file.get();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void copy(Path file, long from, long length, OutputStream out) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(from);
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = f.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** Sends the log from {@code from} and what is appended, until the step run has ended and all was sent. */
    private void follow(String runId, String step, Path file, long from, OutputStream out) throws IOException {
        long at = from;
        while (true) {
            boolean ended = ctx.workspace().metadata().queries().stepRun(runId, step)
                    .map(s -> s.state().isFinal()).orElse(true);
            long size = size(file);
            if (size > at) {
                copy(file, at, size - at, out);
                out.flush();
                at = size;
            }
            if (ended && size(file) <= at) return;
            if (!ctx.worker().accepting()) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long number(String s) {
        try {
            long n = Long.parseLong(s.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("offset must be a whole number of bytes >= 0, got '" + s + "'");
        }
    }
}
