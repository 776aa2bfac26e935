package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import dev.sluice.serve.FeatureRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The prediction log: every prediction's features, output, model version and time, appended off the request
 * path and written in batches as Parquet files under the workspace home, in a folder per hour of the rows' times:
 * {@code <home>/predictions/<model>/<yyyy-MM-dd>/<HH>/part-<written ms>-<seq>-<pid>-<rows>.parquet} (UTC; a batch
 * that spans hours is written as one part per hour). Each is written atomically (temporary file, then rename), so a
 * reader never sees half a file. A background thread ({@link LogUpkeep}) merges each past hour's parts into one file
 * and deletes the hours older than the model's retention; {@link LogFiles} describes the layout and which files hold
 * an hour's rows.
 *
 * <p><b>Schema</b> of each file: {@code _time_ms} (BIGINT, epoch milliseconds of the prediction),
 * {@code _version} (BIGINT, the model version), {@code _score} (DOUBLE, the model output: the positive-class
 * probability or the regression value), {@code _label} (VARCHAR, the predicted class, null for regression),
 * then one column per feature, in the row's order, typed by the row's schema: {@code long} BIGINT, {@code double}
 * DOUBLE, {@code bool} BOOLEAN, {@code string} VARCHAR; a null value is null. The rows of one file all have the same
 * fields; files of one model may differ in their feature columns (a new model version's schema, or maps with other
 * keys): read them with DuckDB's {@code read_parquet([...], union_by_name = true)} (as {@link PredictionWindow} does,
 * on the files {@link LogFiles#window} picks).
 *
 * <p><b>Threading and memory</b>: {@link #append} copies the row into the model's current {@link LogChunk} (columns
 * of {@code batchRows} rows, or {@code capacity / 2} if that is less: one atomic increment claims a row, then
 * primitives and shared strings are stored, so a served row allocates nothing) and returns at once. One writer thread writes a file per chunk when the chunk is full or
 * {@code flushInterval} after its first row, whichever comes first, and then reuses its arrays. At most
 * {@code capacity} rows are held (in at least two chunks); when every chunk is full the row is
 * <b>dropped</b> and counted ({@link #dropped()}), never blocking the request: losing some log rows under overload
 * is better than slowing predictions, and the drop count says the sample was thinned. A row whose fields differ
 * from the rows before it (another model version's schema) starts a new chunk. A failed write is logged and its rows
 * counted in {@link #failed()}; the writer goes on. {@link #close()} waits for appends in progress, writes what is
 * buffered and stops the thread. Thread-safe: any thread may append.
 *
 * <pre>{@code
 * try (PredictionLog log = PredictionLog.open(ws.home(), PredictionLog.Options.DEFAULTS)) {
 *     log.append("churn", 3, Map.of("tenure", 12, "Contract", "One year"), 0.82, "Yes", Instant.now());
 * }
 * }</pre>
 */
public final class PredictionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** How long the writer sleeps between looks at the chunks. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Rows held at most, rows per file, and the longest a row waits in memory. */
    public record Options(int capacity, int batchRows, Duration flushInterval) {
        public static final Options DEFAULTS = new Options(100_000, 10_000, Duration.ofSeconds(1));

        public Options {
            if (capacity < 1 || batchRows < 1) throw new IllegalArgumentException("capacity and batchRows must be >= 1");
            if (flushInterval.isNegative() || flushInterval.isZero()) throw new IllegalArgumentException("flushInterval must be positive");
        }

        /** Rows per chunk (and file): {@code batchRows}, or less so that {@code capacity} holds two chunks. */
        int chunkRows() { return Math.min(batchRows, Math.max(1, capacity / 2)); }

        /** Chunks held at most: two or more, so that one fills while another is written. */
        int maxChunks() { return Math.max(1, capacity / chunkRows()); }
    }

    /** One model's current chunk; whoever takes a chunk out of {@code current} must have it written. */
    private record Lane(String model, AtomicReference<LogChunk> current) {}

    private final Path root;
    private final Options options;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Queue<LogChunk> full = new ConcurrentLinkedQueue<>();           // taken out of their lane, to write
    private final Queue<LogChunk.Buffers> pool = new ConcurrentLinkedQueue<>();   // arrays of written chunks
    private final AtomicInteger allocated = new AtomicInteger();                  // buffers ever made, <= maxChunks
    private final AtomicInteger handoffs = new AtomicInteger();                   // chunks between lane and queue
    private final Queue<CountDownLatch> flushes = new ConcurrentLinkedQueue<>();
    private final LongAdder appending = new LongAdder();                          // appends in progress
    private final CanonicalStrings strings = new CanonicalStrings();
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private TableIO.Writer parquet; // the writer thread's, opened at its first write
    private volatile boolean closed;
    private AutoCloseable upkeep = () -> { };

    private PredictionLog(Path home, Options options) {
        this.root = home.resolve("predictions");
        this.options = options;
        this.writer = Thread.ofPlatform().daemon().name("sluice-prediction-log").unstarted(this::drain);
    }

    /** Starts a log writing under {@code home/predictions}, kept as {@link LogUpkeep.Policy#DEFAULTS} says. */
    public static PredictionLog open(Path home, Options options) {
        return open(home, options, LogUpkeep.Policy.DEFAULTS);
    }

    /**
     * Starts a log writing under {@code home/predictions}, and its upkeep ({@link LogUpkeep}: compaction of past hours,
     * retention) on a thread of its own.
     */
    public static PredictionLog open(Path home, Options options, LogUpkeep.Policy upkeep) {
        PredictionLog log = paused(home, options);
        log.writer.start();
        log.upkeep = new LogUpkeep(home, upkeep, java.time.Clock.systemUTC()).startEvery();
        return log;
    }

    /** A log whose writer has not started yet (tests: chunks that fill up). */
    static PredictionLog paused(Path home, Options options) {
        return new PredictionLog(Objects.requireNonNull(home, "home"), Objects.requireNonNull(options, "options"));
    }

    void startWriter() {
        writer.start();
    }

    /** The folder of one model's log files. */
    public static Path folder(Path home, String model) {
        return home.resolve("predictions").resolve(checkName(model));
    }

    static String checkName(String model) {
        if (model == null || !MODEL_NAME.matcher(model).matches()) {
            throw new IllegalArgumentException("model name '" + model + "' cannot name a log folder: use letters, digits, '.', '_' and '-'");
        }
        return model;
    }

    /**
     * Logs one prediction given as a feature map: integral numbers are logged as BIGINT, other numbers as DOUBLE,
     * booleans as BOOLEAN, anything else as text. Returns {@code false} (and counts it) when the log is full or closed.
     * Never blocks.
     *
     * @param label the predicted class, or null for a regression
     */
    public boolean append(String model, int version, Map<String, ?> features, double score, String label, Instant at) {
        return append(model, version, new MapRow(features), score, label, at.toEpochMilli());
    }

    /**
     * Logs one served prediction, copying the row (the server reuses its buffers); otherwise as
     * {@link #append(String, int, Map, double, String, Instant)}.
     */
    public boolean append(String model, int version, FeatureRow row, double score, String label, long epochMillis) {
        Lane lane = lanes.get(model);
        if (lane == null) lane = lanes.computeIfAbsent(checkName(model), m -> new Lane(m, new AtomicReference<>()));
        appending.increment(); // before reading closed: close() waits for the appends that did not see it
        try {
            if (closed) return drop();
            LogChunk c = lane.current().get();
            while (true) {
                if (c == null || !c.shape().matches(row)) {
                    c = replace(lane, c, LogShape.of(row));
                } else {
                    int i = c.claim();
                    if (i < c.capacity()) {
                        c.put(i, version, row, score, label, epochMillis, strings);
                        c.filled();
                        return true;
                    }
                    c = replace(lane, c, c.shape()); // full or sealed
                }
                if (c == null) return drop();
            }
        } finally {
            appending.decrement();
        }
    }

    private boolean drop() {
        dropped.increment();
        return false;
    }

    /**
     * Makes a new chunk the lane's current one in place of {@code old} (full, sealed or of another shape; or null when
     * the writer took the lane's chunk), and hands {@code old} to the writer. Returns the lane's current chunk (this
     * one or another thread's), or null when every chunk's arrays are in use.
     */
    private LogChunk replace(Lane lane, LogChunk old, LogShape shape) {
        while (true) {
            LogChunk now = lane.current().get();
            if (now != null && now != old) return now;   // another thread replaced it already
            LogChunk.Buffers buffers = takeBuffers();
            if (buffers == null) return null;
            LogChunk fresh = new LogChunk(lane.model(), shape, buffers);
            handoffs.incrementAndGet(); // a flush waits until the chunk taken out of the lane is in the queue
            try {
                if (lane.current().compareAndSet(now, fresh)) {
                    if (now != null) full.offer(now);
                    return fresh;
                }
            } finally {
                handoffs.decrementAndGet();
            }
            pool.offer(buffers);
        }
    }

    /** Arrays for a new chunk: a written chunk's, or new ones while fewer than {@code capacity / batchRows} exist. */
    private LogChunk.Buffers takeBuffers() {
        LogChunk.Buffers b = pool.poll();
        if (b != null) return b;
        for (int n; (n = allocated.get()) < options.maxChunks(); ) {
            if (allocated.compareAndSet(n, n + 1)) return new LogChunk.Buffers(options.chunkRows());
        }
        return null;
    }

    /** Rows dropped because the log was full or closed. */
    public long dropped() { return dropped.sum(); }

    /** Rows written to files so far. */
    public long written() { return written.get(); }

    /** Rows lost to failed writes. */
    public long failed() { return failed.get(); }

    /** Blocks until every row appended before this call is written (or failed). For tests and shutdown hooks. */
    public void flush() throws InterruptedException {
        if (closed) return;
        CountDownLatch done = new CountDownLatch(1);
        flushes.offer(done);
        LockSupport.unpark(writer);
        done.await();
    }

    /** Waits for appends in progress, writes what is buffered and stops the writer thread; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            upkeep.close();
            LockSupport.unpark(writer);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("prediction log: its upkeep did not stop cleanly: {}", e.toString());
        }
    }

    private void drain() {
        try {
            drainChunks();
        } finally {
            if (parquet != null) parquet.close();
        }
    }

    /**
     * Looks at the chunks every {@link #PAUSE_NANOS}: writes the full ones, and the current ones that are due (their
     * first row is {@code flushInterval} old, a {@link #flush()} asked, or the log is closing). Request threads never
     * wake the writer: a wake-up per prediction cost a futex call and a context switch each.
     */
    private void drainChunks() {
        long flushNanos = options.flushInterval().toNanos();
        List<CountDownLatch> asked = new ArrayList<>();
        while (true) {
            boolean stopping = closed;
            if (stopping) awaitAppends();
            for (CountDownLatch f; (f = flushes.poll()) != null; ) asked.add(f); // before the chunks: they cover them
            if (stopping || !asked.isEmpty()) {
                while (handoffs.get() > 0) Thread.onSpinWait(); // a chunk taken out of its lane is about to be queued
            }
            for (LogChunk c; (c = full.poll()) != null; ) write(c);
            long now = System.nanoTime();
            for (Lane lane : lanes.values()) {
                LogChunk c = lane.current().get();
                if (c == null || c.claimedRows() == 0) continue;
                boolean due = stopping || !asked.isEmpty() || c.claimedRows() >= c.capacity() // full, no chunk to replace it
                        || now - c.startedNanos() >= flushNanos;
                if (due && lane.current().compareAndSet(c, null)) write(c);
            }
            asked.forEach(CountDownLatch::countDown);
            asked.clear();
            if (stopping) {
                flushes.forEach(CountDownLatch::countDown);
                return;
            }
            if (full.isEmpty() && flushes.isEmpty()) LockSupport.parkNanos(Math.min(PAUSE_NANOS, flushNanos));
            if (Thread.interrupted()) closed = true;
        }
    }

    /** Waits until no append is in progress; later ones see {@code closed} and drop their row. */
    private void awaitAppends() {
        while (appending.sum() > 0) Thread.onSpinWait();
    }

    /** Writes a chunk taken out of its lane (no new row can reach it) and returns its arrays to the pool. */
    private void write(LogChunk c) {
        int rows = c.seal();
        c.awaitFilled(rows);
        if (rows > 0) {
            Frame frame = c.frame(rows);
            for (var hour : byHour(frame).entrySet()) {
                Frame slice = hour.getValue() == null ? frame : frame.take(hour.getValue());
                writePart(c.model(), hour.getKey(), slice);
            }
        }
        c.buffers().clearStrings(rows);
        pool.offer(c.buffers());
    }

    /**
     * The rows of a chunk by the hour they were logged in: an hour to the indexes of its rows, or to null when all rows
     * are of that one hour (as nearly every chunk's are).
     */
    private static java.util.SortedMap<Long, int[]> byHour(Frame frame) {
        long[] times = ((Column.Longs) frame.column("_time_ms")).values();
        long first = LogFiles.hourOf(times[0]);
        boolean one = true;
        for (long t : times) one &= LogFiles.hourOf(t) == first;
        java.util.SortedMap<Long, int[]> out = new java.util.TreeMap<>();
        if (one) {
            out.put(first, null);
            return out;
        }
        java.util.Map<Long, java.util.List<Integer>> rows = new java.util.TreeMap<>();
        for (int i = 0; i < times.length; i++) rows.computeIfAbsent(LogFiles.hourOf(times[i]), h -> new ArrayList<>()).add(i);
        rows.forEach((h, list) -> out.put(h, list.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * Writes one hour's rows as a part of that hour: to a temporary name first, then renamed to a name that carries
     * the time of the rename, so a part's written time is never older than the moment it became visible (compaction
     * relies on it, see {@link LogFiles}).
     */
    private void writePart(String model, long hour, Frame rows) {
        Path folder = LogFiles.hourFolder(root.resolve(model), hour);
        long n = seq.incrementAndGet();
        long pid = ProcessHandle.current().pid();
        Path pending = folder.resolve(".pending-" + n + "-" + pid + ".tmp");
        try {
            if (parquet == null) parquet = new TableIO.Writer(1); // one DuckDB thread: requests keep the other cores
            parquet.write(rows, pending);
            Files.move(pending, folder.resolve(LogFiles.partName(System.currentTimeMillis(), n, pid, rows.rows())),
                    StandardCopyOption.ATOMIC_MOVE);
            written.addAndGet(rows.rows());
        } catch (RuntimeException | IOException ex) {
            failed.addAndGet(rows.rows());
            LOG.error("prediction log: could not write {} rows of model {} to {}: {}", rows.rows(), model, folder, ex.getMessage());
            try {
                Files.deleteIfExists(pending);
            } catch (IOException ignored) {
                // the log's upkeep removes stale temporary files
            }
        }
    }
}
