package dev.sluice.monitor;

import dev.sluice.ml.table.DuckSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps prediction logs small and quick to read ({@link LogFiles} has the layout): for every model under
 * {@code <home>/predictions}, merges the parts of each hour that has passed (by {@link Policy#settle()}) into one
 * compact file, deletes the hours older than the model's retention, and removes what interrupted writes and
 * compactions left. Runs on the log's own background thread, never on a request's; one process at a time per model
 * (a lock file), so several servers logging into one workspace take turns.
 *
 * <p><b>Crash safety.</b> A compaction {@code id} first renames the files it merges to {@code taken-<id>-<name>}
 * (still read, one by one, as long as there is no {@code compact-<id>}), writes the merged file under a temporary name,
 * renames it to {@code compact-<id>-<rows>.parquet} (the moment it takes over: from then on the taken files are never
 * read), and only then deletes the taken files. Killed at any point, the hour reads the same rows, none twice; the next
 * pass removes or merges what was left. It depends on no clock: a part written during a compaction is not taken by it.
 * Not thread-safe: one pass at a time.
 */
public final class LogUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(LogUpkeep.class);
    /** Temporary files older than this are leftovers of a write or compaction that was killed. */
    static final Duration STALE = Duration.ofHours(1);

    /**
     * How logs are kept.
     *
     * @param keep        how long an hour of rows is kept (by the rows' times); 30 days by default
     * @param keepByModel the same for particular models
     * @param every       how often the upkeep runs (1 minute)
     * @param settle      how long after an hour ends its parts are merged (5 minutes); rows of the hour logged later
     *                    still become parts of it, and a later compaction takes them in
     */
    public record Policy(Duration keep, Map<String, Duration> keepByModel, Duration every, Duration settle) {
        public static final Policy DEFAULTS = new Policy(Duration.ofDays(30), Map.of(), Duration.ofMinutes(1), Duration.ofMinutes(5));

        public Policy {
            positive(keep, "keep");
            positive(every, "every");
            Objects.requireNonNull(settle, "settle");
            keepByModel.forEach((m, d) -> positive(d, "keep of " + PredictionLog.checkName(m)));
            keepByModel = Map.copyOf(keepByModel);
        }

        private static void positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(what + " must be positive, got " + d);
        }

        /** How long this model's rows are kept. */
        public Duration keepFor(String model) {
            return keepByModel.getOrDefault(model, keep);
        }

        public Policy withKeep(Duration d, Map<String, Duration> byModel) {
            return new Policy(d, byModel, every, settle);
        }

        public Policy withEvery(Duration d) {
            return new Policy(keep, keepByModel, d, settle);
        }
    }

    /** What one pass did, over every model. */
    public record Pass(int hoursCompacted, int partsMerged, int hoursDeleted, int filesRemoved) {
        Pass plus(Pass o) {
            return new Pass(hoursCompacted + o.hoursCompacted, partsMerged + o.partsMerged, hoursDeleted + o.hoursDeleted,
                    filesRemoved + o.filesRemoved);
        }
    }

    /**
     * Tests stop a compaction between its steps here, as a kill would: {@code "taken"} once some of its files are
     * renamed, {@code "committed"} once the compact file is in place.
     */
    @FunctionalInterface
    interface Checkpoint {
        Checkpoint NONE = (what, hour) -> { };

        void reached(String what, Path hour);
    }

    private final Path root;
    private final Policy policy;
    private final Clock clock;
    private final Checkpoint checkpoint;

    public LogUpkeep(Path home, Policy policy, Clock clock) {
        this(home, policy, clock, Checkpoint.NONE);
    }

    LogUpkeep(Path home, Policy policy, Clock clock, Checkpoint checkpoint) {
        this.root = home.resolve("predictions");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /**
     * Runs a pass every {@link Policy#every()} on a daemon thread of its own until closed; closing stops it between
     * passes or interrupts the one going (safe at any point, see above).
     */
    public AutoCloseable startEvery() {
        Thread t = Thread.ofPlatform().daemon().name("sluice-prediction-log-upkeep").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(policy.every());
                    run();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("prediction log: upkeep failed ({}); trying again in {}", e.toString(), policy.every());
                }
            }
        });
        return () -> {
            t.interrupt();
            t.join(5000);
        };
    }

    /** One pass over every model's log. A model another process is keeping now is skipped. */
    public Pass run() {
        Pass total = new Pass(0, 0, 0, 0);
        if (!Files.isDirectory(root)) return total;
        List<Path> models;
        try (Stream<Path> s = Files.list(root)) {
            models = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        for (Path model : models) total = total.plus(model(model));
        if (total.hoursCompacted() + total.hoursDeleted() + total.filesRemoved() > 0) {
            LOG.info("prediction log: compacted {} hour(s) ({} parts), deleted {} hour(s) past retention, removed {} leftover file(s)",
                    total.hoursCompacted(), total.partsMerged(), total.hoursDeleted(), total.filesRemoved());
        }
        return total;
    }

    private Pass model(Path model) {
        try (FileChannel channel = FileChannel.open(model.resolve(".upkeep.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) return new Pass(0, 0, 0, 0);
            Pass p = prune(model);
            for (LogFiles.Hour h : (Iterable<LogFiles.Hour>) LogFiles.hoursNewestFirst(model)::iterator) p = p.plus(hour(h));
            return p;
        } catch (OverlappingFileLockException e) {
            return new Pass(0, 0, 0, 0); // another upkeep of this process holds it
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("prediction log: the upkeep of {} stopped ({}); it goes on at its next pass", model, e.toString());
            return new Pass(0, 0, 0, 0);
        }
    }

    /** Removes leftovers and stale temporary files of an hour, then merges it when it has passed and has 2+ files. */
    private Pass hour(LogFiles.Hour h) throws IOException, SQLException {
        int removed = 0;
        for (LogFiles.LogFile f : LogFiles.leftovers(h.folder())) removed += Files.deleteIfExists(f.path()) ? 1 : 0;
        removed += staleTemporaries(h.folder());
        if (clock.millis() < h.end() + policy.settle().toMillis()) return new Pass(0, 0, 0, removed);
        List<LogFiles.LogFile> inputs = LogFiles.live(h.folder());
        if (inputs.size() < 2) return new Pass(0, 0, 0, removed);
        long id = Math.max(clock.millis(), LogFiles.files(h.folder()).stream().mapToLong(LogFiles.LogFile::stamp).max().orElse(0) + 1);
        List<Path> taken = new java.util.ArrayList<>();
        for (LogFiles.LogFile f : inputs) {
            taken.add(Files.move(f.path(), f.path().resolveSibling(LogFiles.takenName(id, f)), StandardCopyOption.ATOMIC_MOVE));
            if (taken.size() == 1) checkpoint.reached("taken", h.folder());
        }
        long rows = inputs.stream().mapToLong(LogFiles.LogFile::rows).sum();
        String files = taken.stream().map(DuckSession::literal).collect(Collectors.joining(", "));
        try (DuckSession db = DuckSession.open(1)) { // one thread: serving keeps the other cores
            db.copyToParquet("SELECT * FROM read_parquet([" + files + "], union_by_name = true)",
                    h.folder().resolve(LogFiles.compactName(id, rows)));
        }
        checkpoint.reached("committed", h.folder());
        for (Path p : taken) Files.deleteIfExists(p);
        int parts = (int) inputs.stream().filter(f -> f.kind() == LogFiles.LogFile.Kind.PART).count();
        return new Pass(1, parts, 0, removed);
    }

    /** Deletes the hours (and whole days) of a model that ended before its retention, and old legacy files. */
    private Pass prune(Path model) throws IOException {
        long cutoff = clock.millis() - policy.keepFor(model.getFileName().toString()).toMillis();
        int hours = 0;
        int files = 0;
        for (LocalDate day : LogFiles.days(model)) {
            long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            if (dayStart + 24 * LogFiles.HOUR_MS <= cutoff) {
                hours += LogFiles.hoursOf(model, day).size();
                deleteTree(model.resolve(day.toString()));
            } else if (dayStart < cutoff) {
                for (LogFiles.Hour h : LogFiles.hoursOf(model, day)) {
                    if (h.end() <= cutoff) {
                        deleteTree(h.folder());
                        hours++;
                    }
                }
            }
        }
        for (LogFiles.LogFile f : LogFiles.legacy(model)) {
            if (f.stamp() < cutoff && Files.deleteIfExists(f.path())) files++;
        }
        return new Pass(0, 0, hours, files);
    }

    /** Temporary files of killed writes or compactions: names that are not log files, older than {@link #STALE}. */
    private int staleTemporaries(Path folder) throws IOException {
        long before = clock.millis() - STALE.toMillis();
        int n = 0;
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                boolean temporary = name.startsWith(".pending-") || name.contains(".parquet.tmp-");
                if (temporary && Files.getLastModifiedTime(p).toMillis() < before && Files.deleteIfExists(p)) n++;
            }
        } catch (NoSuchFileException e) {
            return n;
        }
        return n;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        }
    }
}
