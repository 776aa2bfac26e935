package dev.sluice.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a model's prediction log keeps its rows, by the hour they were logged in (UTC, from {@code _time_ms}):
 * <pre>
 * predictions/churn/
 *   2026-12-07/                                    a day
 *     13/                                          an hour: rows logged from 13:00 to 13:59:59.999
 *       part-&lt;written ms&gt;-&lt;seq&gt;-&lt;pid&gt;-&lt;rows&gt;.parquet     one flush of the log (its rows of this hour)
 *       compact-&lt;id&gt;-&lt;rows&gt;.parquet                     files of the hour merged by a compaction
 *       taken-&lt;id&gt;-&lt;a part or compact file's name&gt;       a file compaction {@code id} is merging
 *   1765112345678-000001-4242.parquet               written before the log was partitioned (read as they are)
 * </pre>
 * The rows of an hour are in its parts, its compact files, and the files taken by a compaction whose compact file is
 * not there (it has not finished, or was killed): once {@code compact-<id>} is there, the files {@code taken-<id>-…}
 * are leftovers that are never read. So at every moment each row is read exactly once, whatever a compaction was
 * doing when it stopped. File names carry their row counts, so a window is chosen from names alone: newest hours
 * first, until it has enough rows. Stateless; thread-safe.
 */
final class LogFiles {
    static final long HOUR_MS = 3_600_000L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern DAY_NAME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern HOUR_NAME = Pattern.compile("[0-2][0-9]");
    private static final Pattern PART = Pattern.compile("part-([0-9]{13})-([0-9]+)-([0-9]+)-([0-9]+)\\.parquet");
    private static final Pattern COMPACT = Pattern.compile("compact-([0-9]{13})-([0-9]+)\\.parquet");
    private static final Pattern LEGACY = Pattern.compile("([0-9]{13})-([0-9]+)-([0-9]+)\\.parquet");
    private static final Pattern TAKEN = Pattern.compile("taken-([0-9]{13})-(.+\\.parquet)");

    private LogFiles() {}

    /**
     * A file of the log: a flush's part, an hour's compact file, a file taken by a compaction, or a file from before
     * partitioning. {@code stamp} is when a part or legacy file was written, a compact file's id, or for a taken file
     * the id of the compaction that took it; {@code original} is a taken file's name before it was taken.
     */
    record LogFile(Path path, Kind kind, long stamp, long rows, String original) {
        /** Which kind of file. */
        enum Kind { PART, COMPACT, TAKEN, LEGACY }
    }

    /** One hour of the log: its start (epoch ms) and folder. */
    record Hour(long start, Path folder) {
        long end() { return start + HOUR_MS; }
    }

    /** The hour an epoch-millisecond time falls in, as its start. */
    static long hourOf(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR_MS) * HOUR_MS;
    }

    /** The folder of the hour starting at {@code hourStart}. */
    static Path hourFolder(Path model, long hourStart) {
        Instant at = Instant.ofEpochMilli(hourStart);
        return model.resolve(DAY.format(at)).resolve(String.format("%02d", at.atZone(ZoneOffset.UTC).getHour()));
    }

    static String partName(long writtenMillis, long seq, long pid, int rows) {
        return String.format("part-%013d-%06d-%d-%d.parquet", writtenMillis, seq, pid, rows);
    }

    static String compactName(long id, long rows) {
        return String.format("compact-%013d-%d.parquet", id, rows);
    }

    static String takenName(long id, LogFile f) {
        return String.format("taken-%013d-%s", id, f.original());
    }

    /** The hours of a model's log, newest first, read lazily: a day's folder is listed only when it is reached. */
    static Stream<Hour> hoursNewestFirst(Path model) {
        return days(model).stream().sorted(Comparator.reverseOrder()).flatMap(day -> hoursOf(model, day).stream());
    }

    /** The day folders, by date. */
    static List<LocalDate> days(Path model) {
        List<LocalDate> out = new ArrayList<>();
        for (Path p : list(model)) {
            String name = p.getFileName().toString();
            if (DAY_NAME.matcher(name).matches() && Files.isDirectory(p)) {
                try {
                    out.add(LocalDate.parse(name));
                } catch (java.time.format.DateTimeParseException e) {
                    // not a day of ours
                }
            }
        }
        return out;
    }

    /** The hours of one day, newest first. */
    static List<Hour> hoursOf(Path model, LocalDate day) {
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<Hour> out = new ArrayList<>();
        for (Path p : list(model.resolve(day.toString()))) {
            String name = p.getFileName().toString();
            if (!HOUR_NAME.matcher(name).matches() || Integer.parseInt(name) > 23 || !Files.isDirectory(p)) continue;
            out.add(new Hour(dayStart + Integer.parseInt(name) * HOUR_MS, p));
        }
        out.sort(Comparator.comparingLong(Hour::start).reversed());
        return out;
    }

    /** Every log file in a folder, by name; others (temporary files, locks) are left out. */
    static List<LogFile> files(Path folder) {
        List<LogFile> out = new ArrayList<>();
        for (Path p : list(folder)) parse(p).ifPresent(out::add);
        out.sort(Comparator.comparing(f -> f.path().getFileName().toString()));
        return out;
    }

    static Optional<LogFile> parse(Path p) {
        String name = p.getFileName().toString();
        Matcher taken = TAKEN.matcher(name);
        if (taken.matches()) {
            long id = Long.parseLong(taken.group(1));
            String original = taken.group(2);
            return parse(p.resolveSibling(original)).filter(f -> f.kind() == LogFile.Kind.PART || f.kind() == LogFile.Kind.COMPACT)
                    .map(f -> new LogFile(p, LogFile.Kind.TAKEN, id, f.rows(), original));
        }
        Matcher m = PART.matcher(name);
        if (m.matches()) return Optional.of(new LogFile(p, LogFile.Kind.PART, Long.parseLong(m.group(1)), Long.parseLong(m.group(4)), name));
        m = COMPACT.matcher(name);
        if (m.matches()) return Optional.of(new LogFile(p, LogFile.Kind.COMPACT, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), name));
        m = LEGACY.matcher(name);
        if (m.matches()) return Optional.of(new LogFile(p, LogFile.Kind.LEGACY, Long.parseLong(m.group(1)), -1, name));
        return Optional.empty();
    }

    /** The files that hold an hour's rows: parts, compact files, and files taken by a compaction that did not finish. */
    static List<LogFile> live(Path hourFolder) {
        List<LogFile> all = files(hourFolder);
        java.util.Set<Long> done = new java.util.HashSet<>();
        for (LogFile f : all) if (f.kind() == LogFile.Kind.COMPACT) done.add(f.stamp());
        return all.stream().filter(f -> f.kind() == LogFile.Kind.PART || f.kind() == LogFile.Kind.COMPACT
                || f.kind() == LogFile.Kind.TAKEN && !done.contains(f.stamp())).toList();
    }

    /** The files of an hour that hold none of its rows: taken by a compaction that finished, but not yet removed. */
    static List<LogFile> leftovers(Path hourFolder) {
        List<LogFile> live = live(hourFolder);
        return files(hourFolder).stream().filter(f -> f.kind() == LogFile.Kind.TAKEN && !live.contains(f)).toList();
    }

    /** Files written before the log was partitioned, directly in the model's folder. */
    static List<LogFile> legacy(Path model) {
        return files(model).stream().filter(f -> f.kind() == LogFile.Kind.LEGACY).toList();
    }

    /**
     * The files a window of the newest {@code lastRows} rows (logged at or after {@code since}, when given) needs:
     * the hours from the newest back until they hold {@code lastRows} rows or end before {@code since}, and any files
     * from before partitioning. What is listed does not grow with the history: the day folders, and the hours read.
     */
    static List<LogFile> window(Path model, long lastRows, Optional<Instant> since) {
        List<LogFile> out = new ArrayList<>(legacy(model));
        long rows = 0;
        for (Hour h : (Iterable<Hour>) hoursNewestFirst(model)::iterator) {
            if (rows >= lastRows || since.isPresent() && h.end() <= since.get().toEpochMilli()) break;
            for (LogFile f : live(h.folder())) {
                out.add(f);
                rows += f.rows();
            }
        }
        return out;
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
