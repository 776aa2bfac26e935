package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import dev.sluice.serve.FeatureRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The prediction log: every prediction's features, output, model version and time, appended off the request
 * path and written in batches as Parquet files under the workspace home:
 * {@code <home>/predictions/<model>/<epochmillis>-<seq>-<pid>.parquet}, each written atomically (temporary file,
 * then rename), so a reader never sees half a file.
 *
 * <p><b>Schema</b> of each file: {@code _time_ms} (BIGINT, epoch milliseconds of the prediction),
 * {@code _version} (BIGINT, the model version), {@code _score} (DOUBLE, the model output: the positive-class
 * probability or the regression value), {@code _label} (VARCHAR, the predicted class, null for regression),
 * then one column per feature, in order of first appearance in the batch. A feature's type is inferred per
 * file: all integers BIGINT, all numbers DOUBLE, all booleans BOOLEAN, otherwise VARCHAR; a feature absent
 * from a row is null. Files of one model may differ in their feature columns: read them with DuckDB's
 * {@code read_parquet('…/*.parquet', union_by_name = true)} (as {@link PredictionWindow} does).
 *
 * <p><b>Threading and memory</b>: {@link #append} only offers the row to a bounded queue ({@code capacity}
 * rows) and returns at once; one writer thread drains it and writes a file per model every {@code batchRows}
 * rows or {@code flushInterval} after the first buffered row, whichever comes first. When the queue is full
 * the row is <b>dropped</b> and counted ({@link #dropped()}), never blocking the request: losing some log rows
 * under overload is better than slowing predictions, and the drop count says the sample was thinned. A failed
 * write is logged and its rows counted in {@link #failed()}; the writer goes on. {@link #close()} writes what
 * is buffered and stops the thread. Thread-safe: any thread may append.
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
    private static final Object STOP = new Object();
    /** How long the writer sleeps when the queue is empty. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Entries taken from the queue at a time. */
    private static final int MAX_TAKEN = 65_536;

    /** Queue capacity (rows), rows per file, and the longest a row waits in memory. */
    public record Options(int capacity, int batchRows, Duration flushInterval) {
        public static final Options DEFAULTS = new Options(100_000, 10_000, Duration.ofSeconds(1));

        public Options {
            if (capacity < 1 || batchRows < 1) throw new IllegalArgumentException("capacity and batchRows must be >= 1");
            if (flushInterval.isNegative() || flushInterval.isZero()) throw new IllegalArgumentException("flushInterval must be positive");
        }
    }

    private record Row(String model, int version, LoggedFeatures features, double score, String label, long atMillis) {}

    private record Flush(CountDownLatch done) {}

    private final Path root;
    private final Options options;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>(); // rows, and the writer's STOP / Flush markers
    private final AtomicInteger queuedRows = new AtomicInteger();        // bounds the rows in it to capacity
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private final LoggedFeatures.Copier copier = new LoggedFeatures.Copier();
    private TableIO.Writer parquet; // the writer thread's, opened at its first write
    private volatile boolean closed;

    private PredictionLog(Path home, Options options) {
        this.root = home.resolve("predictions");
        this.options = options;
        this.writer = Thread.ofPlatform().daemon().name("sluice-prediction-log").unstarted(this::drain);
    }

    /** Starts a log writing under {@code home/predictions}. */
    public static PredictionLog open(Path home, Options options) {
        PredictionLog log = paused(home, options);
        log.writer.start();
        return log;
    }

    /** A log whose writer has not started yet (tests: a queue that fills up). */
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
     * Queues one prediction; returns {@code false} (and counts it) when the queue is full or the log is closed.
     * Never blocks. The map is kept as given: do not change it afterwards.
     *
     * @param label the predicted class, or null for a regression
     */
    public boolean append(String model, int version, Map<String, Object> features, double score, String label, Instant at) {
        checkName(model);
        return offer(new Row(model, version, new LoggedFeatures.Boxed(features), score, label, at.toEpochMilli()));
    }

    /**
     * Queues one served prediction, copying the row compactly (the server reuses its buffers); otherwise as
     * {@link #append(String, int, Map, double, String, Instant)}.
     */
    public boolean append(String model, int version, FeatureRow row, double score, String label, long epochMillis) {
        checkName(model);
        return closed ? offer(null) : offer(new Row(model, version, copier.copy(row), score, label, epochMillis));
    }

    /** Queues the row; a null row (the log closed before it was copied) or a full queue counts as dropped. */
    private boolean offer(Row row) {
        if (closed || row == null || !reserve()) {
            dropped.incrementAndGet();
            return false;
        }
        queue.offer(row);
        return true;
    }

    /** Takes one of the queue's {@code capacity} places, if one is free. */
    private boolean reserve() {
        if (queuedRows.incrementAndGet() <= options.capacity()) return true;
        queuedRows.decrementAndGet();
        return false;
    }

    /** Rows dropped because the queue was full or the log closed. */
    public long dropped() { return dropped.get(); }

    /** Rows written to files so far. */
    public long written() { return written.get(); }

    /** Rows lost to failed writes. */
    public long failed() { return failed.get(); }

    /** Blocks until every row appended before this call is written (or failed). For tests and shutdown hooks. */
    public void flush() throws InterruptedException {
        if (closed) return;
        CountDownLatch done = new CountDownLatch(1);
        queue.offer(new Flush(done));
        done.await();
    }

    /** Writes what is buffered and stops the writer thread; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            queue.offer(STOP);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        try {
            drainQueue();
        } finally {
            if (parquet != null) parquet.close();
        }
    }

    /**
     * Takes what is queued every {@link #PAUSE_NANOS} instead of waiting on a blocking queue: a writer blocked in
     * {@code poll} was woken by every {@code offer} (a futex wake and a context switch per prediction) and every
     * request took the queue's lock; together about a third of the server's throughput on 2 cores. The queue is
     * lock-free and the writer sleeps while it is empty.
     */
    private void drainQueue() {
        List<Row> batch = new ArrayList<>();
        List<Object> taken = new ArrayList<>();
        long flushNanos = options.flushInterval().toNanos();
        long deadline = 0;
        while (true) {
            taken.clear();
            for (Object o; taken.size() < MAX_TAKEN && (o = queue.poll()) != null; ) {
                if (o instanceof Row) queuedRows.decrementAndGet();
                taken.add(o);
            }
            if (taken.isEmpty()) {
                LockSupport.parkNanos(Math.min(PAUSE_NANOS, flushNanos));
                if (Thread.interrupted()) taken.add(STOP);
            }
            for (Object next : taken) {
                if (next == STOP) {
                    // rows offered just before close() raced with it: take them too
                    for (Object o; (o = queue.poll()) != null; ) if (o instanceof Row r) {
                        queuedRows.decrementAndGet();
                        batch.add(r);
                    }
                    write(batch);
                    return;
                }
                if (next instanceof Flush f) {
                    write(batch);
                    f.done().countDown();
                } else if (next instanceof Row r) {
                    if (batch.isEmpty()) deadline = System.nanoTime() + flushNanos;
                    batch.add(r);
                    if (batch.size() >= options.batchRows()) write(batch);
                }
            }
            if (!batch.isEmpty() && System.nanoTime() >= deadline) write(batch);
        }
    }

    private void write(List<Row> batch) {
        if (batch.isEmpty()) return;
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        for (Row r : batch) byModel.computeIfAbsent(r.model(), m -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<Row>> e : byModel.entrySet()) {
            List<Row> rows = e.getValue();
            Path file = root.resolve(e.getKey()).resolve(String.format("%013d-%06d-%d.parquet",
                    System.currentTimeMillis(), seq.incrementAndGet(), ProcessHandle.current().pid()));
            try {
                if (parquet == null) parquet = new TableIO.Writer(1); // one DuckDB thread: requests keep the other cores
                parquet.write(frame(rows), file);
                written.addAndGet(rows.size());
            } catch (RuntimeException ex) {
                failed.addAndGet(rows.size());
                LOG.error("prediction log: could not write {} rows of model {} to {}: {}", rows.size(), e.getKey(), file, ex.getMessage());
            }
        }
        batch.clear();
    }

    static Frame frame(List<Row> rows) {
        int n = rows.size();
        long[] time = new long[n], version = new long[n];
        double[] score = new double[n];
        String[] label = new String[n];
        LinkedHashMap<String, Object[]> features = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            time[i] = r.atMillis();
            version[i] = r.version();
            score[i] = r.score();
            label[i] = r.label();
            int row = i;
            r.features().forEach((name, value) -> features.computeIfAbsent(name, k -> new Object[n])[row] = value);
        }
        List<Column> cols = new ArrayList<>();
        cols.add(new Column.Longs("_time_ms", time, null));
        cols.add(new Column.Longs("_version", version, null));
        cols.add(new Column.Doubles("_score", score, null));
        cols.add(new Column.Strings("_label", label));
        features.forEach((name, values) -> {
            if (!name.startsWith("_")) cols.add(column(name, values));
        });
        return new Frame(cols);
    }

    private static Column column(String name, Object[] values) {
        boolean ints = true, numbers = true, bools = true;
        for (Object v : values) {
            if (v == null) continue;
            ints &= v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
            numbers &= v instanceof Number;
            bools &= v instanceof Boolean;
        }
        int n = values.length;
        BitSet nulls = new BitSet();
        for (int i = 0; i < n; i++) if (values[i] == null) nulls.set(i);
        if (ints && numbers && !bools) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) if (values[i] != null) out[i] = ((Number) values[i]).longValue();
            return new Column.Longs(name, out, nulls);
        }
        if (numbers && !bools) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) if (values[i] != null) out[i] = ((Number) values[i]).doubleValue();
            return new Column.Doubles(name, out, nulls);
        }
        if (bools && !numbers) {
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) if (values[i] != null) out[i] = (Boolean) values[i];
            return new Column.Bools(name, out, nulls);
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = values[i] == null ? null : String.valueOf(values[i]);
        return new Column.Strings(name, out);
    }
}
