package dev.sluice.monitor;

import dev.sluice.ml.table.DuckSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Not a test: how long a drift check's window read (the newest {@code sluice.probe.window} rows, 10,000) takes with
 * {@code sluice.probe.days} (30) days of prediction log, {@code sluice.probe.filesPerHour} (60) flushes an hour of
 * {@code sluice.probe.rowsPerFile} (100) rows each: the log as it was before (every file in one folder, the window a
 * glob over all of them: the query {@code PredictionWindow} ran then), with one day and with the whole history of
 * such files; and the log by hour, before and after its upkeep merged the past hours. Enabled only with
 * {@code -Dsluice.probe=true} ({@code -Dtest=WindowReadProbe}); prints one JSON line, asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "sluice.probe", matches = "true")
class WindowReadProbe {
    @TempDir Path home;

    @Test
    void aWindowReadWithAMonthOfFilesBeforeAndAfter() throws Exception {
        int days = Integer.getInteger("sluice.probe.days", 30), perHour = Integer.getInteger("sluice.probe.filesPerHour", 60);
        int rowsPerFile = Integer.getInteger("sluice.probe.rowsPerFile", 100), window = Integer.getInteger("sluice.probe.window", 10_000);
        int rounds = Integer.getInteger("sluice.probe.rounds", 3);
        Instant end = Instant.ofEpochMilli(LogFiles.hourOf(System.currentTimeMillis()));
        Instant start = end.minus(Duration.ofDays(days));
        long stepMs = LogFiles.HOUR_MS / perHour / rowsPerFile;
        long t0 = System.nanoTime();
        LogUpkeep.Policy noUpkeepYet = LogUpkeep.Policy.DEFAULTS.withEvery(Duration.ofDays(1));
        try (PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(1_000_000, 1_000_000, Duration.ofDays(1)), noUpkeepYet)) {
            long at = start.toEpochMilli();
            for (long f = 0, files = (long) days * 24 * perHour; f < files; f++) {
                for (int r = 0; r < rowsPerFile; r++, at += stepMs) {
                    log.append("m", 1, Map.of("x", (double) (at % 1000), "kind", at % 2 == 0 ? "even" : "odd"), 0.5, "yes", Instant.ofEpochMilli(at));
                }
                log.flush();
            }
        }
        double writeS = (System.nanoTime() - t0) / 1e9;
        Path model = PredictionLog.folder(home, "m");
        List<Path> parts;
        try (Stream<Path> s = Files.walk(model)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        Path flatAll = Files.createDirectories(home.resolve("flat-all"));
        Path flatDay = Files.createDirectories(home.resolve("flat-day"));
        long dayStart = end.minus(Duration.ofDays(1)).toEpochMilli();
        int n = 0;
        for (Path p : parts) {
            String legacy = String.format("%013d-%06d-1.parquet", start.toEpochMilli() + n, ++n);
            Files.createLink(flatAll.resolve(legacy), p);
            if (inDay(p, model, dayStart)) Files.createLink(flatDay.resolve(legacy), p);
        }
        double oldDay = median(rounds, () -> oldRead(flatDay, window));
        double oldMonth = median(rounds, () -> oldRead(flatAll, window));
        double newMonth = median(rounds, () -> newRead(window));
        int newFiles = LogFiles.window(model, window, Optional.empty()).size();
        long t1 = System.nanoTime();
        LogUpkeep.Pass pass = new LogUpkeep(home, LogUpkeep.Policy.DEFAULTS.withKeep(Duration.ofDays(days + 2), Map.of()),
                Clock.systemUTC()).run();
        double compactS = (System.nanoTime() - t1) / 1e9;
        double newCompacted = median(rounds, () -> newRead(window));
        int compactedFiles = LogFiles.window(model, window, Optional.empty()).size();
        System.out.printf(Locale.ROOT, "{\"probe\": \"window-read\", \"days\": %d, \"files\": %d, \"rows\": %d, \"window\": %d,"
                        + " \"write_s\": %.1f, \"old_one_day_files\": %d, \"old_one_day_s\": %.3f, \"old_month_s\": %.3f,"
                        + " \"new_month_s\": %.3f, \"new_files_read\": %d, \"compaction_s\": %.1f, \"hours_compacted\": %d,"
                        + " \"new_compacted_s\": %.3f, \"new_compacted_files_read\": %d}%n",
                days, parts.size(), (long) parts.size() * rowsPerFile, window, writeS, count(flatDay), oldDay, oldMonth,
                newMonth, newFiles, compactS, pass.hoursCompacted(), newCompacted, compactedFiles);
    }

    private static boolean inDay(Path part, Path model, long dayStart) {
        String hour = model.relativize(part.getParent()).toString();
        Instant at = Instant.parse(hour.substring(0, 10) + "T" + hour.substring(11, 13) + ":00:00Z");
        return at.toEpochMilli() >= dayStart;
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    /** The window as {@code PredictionWindow} read it before the log was partitioned: a glob over every file. */
    private void oldRead(Path folder, int window) throws Exception {
        String files = DuckSession.literal(folder.toAbsolutePath() + "/*.parquet");
        try (DuckSession db = DuckSession.open(Runtime.getRuntime().availableProcessors())) {
            db.copyToParquet("SELECT * FROM (SELECT * FROM read_parquet(" + files + ", union_by_name = true)"
                    + " ORDER BY _time_ms DESC LIMIT " + window + ") ORDER BY _time_ms", home.resolve("old-window.parquet"));
        }
    }

    private void newRead(int window) {
        PredictionWindow.export(home, "m", window, Optional.empty(), home.resolve("new-window.parquet")).orElseThrow();
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double median(int rounds, Work w) throws Exception {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            w.run();
            s.add((System.nanoTime() - t) / 1e9);
        }
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
