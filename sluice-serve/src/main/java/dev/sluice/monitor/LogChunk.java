package dev.sluice.monitor;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.serve.FeatureRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A block of logged predictions of one model and one {@link LogShape}, stored as columns: request threads claim a
 * row with one atomic increment and write primitives and shared strings into preallocated arrays, so logging a
 * prediction allocates nothing, and the writer hands the arrays to Parquet without building rows or boxing values.
 * A chunk is written once; its arrays ({@link Buffers}) then go back to the log's pool for the next chunk.
 *
 * <p><b>Protocol.</b> {@link #claim()} hands out row indexes; an index at or past {@link #capacity()} means the chunk
 * is full (or sealed) and the caller moves on to another chunk. After writing its row the caller calls
 * {@link #filled()}. The writer {@link #seal() seals} a chunk once no new row can reach it, which returns how many
 * rows it holds, then {@link #awaitFilled waits} until each of those rows is written before reading them.
 *
 * <p>A null value is stored as {@code NaN} for numbers and booleans (JSON cannot express NaN, so a parsed value never
 * is one) and as {@code null} for strings.
 */
final class LogChunk {
    private final String model;
    private final LogShape shape;
    private final Buffers buffers;
    private final int capacity;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger filled = new AtomicInteger();
    private volatile long startedNanos; // when row 0 was claimed; 0 while empty

    /**
     * A chunk is used once and its {@link Buffers} reused: a request thread that read a chunk just before it was
     * sealed can only get a claim past its end, never a row of the chunk that now holds the same arrays.
     */
    LogChunk(String model, LogShape shape, Buffers buffers) {
        this.model = model;
        this.shape = shape;
        this.buffers = buffers.prepare(shape);
        this.capacity = buffers.capacity;
    }

    /** The arrays of a chunk, kept in the log's pool between chunks. */
    static final class Buffers {
        private final int capacity;
        private final long[] time;
        private final int[] version;
        private final double[] score;
        private final String[] label;
        private double[][] numbers = new double[0][]; // per numeric or boolean field, by field index
        private String[][] texts = new String[0][];   // per string field, by field index

        Buffers(int capacity) {
            this.capacity = capacity;
            this.time = new long[capacity];
            this.version = new int[capacity];
            this.score = new double[capacity];
            this.label = new String[capacity];
        }

        /** Makes sure there is an array for each field of {@code shape}, reusing what exists. */
        private Buffers prepare(LogShape shape) {
            int n = shape.size();
            if (numbers.length < n) {
                numbers = Arrays.copyOf(numbers, n);
                texts = Arrays.copyOf(texts, n);
            }
            for (int i = 0; i < n; i++) {
                if (shape.isText(i)) {
                    if (texts[i] == null) texts[i] = new String[capacity];
                } else if (numbers[i] == null) {
                    numbers[i] = new double[capacity];
                }
            }
            return this;
        }

        /** Drops the references to logged strings so that pooled buffers keep no request's data alive. */
        void clearStrings(int rows) {
            Arrays.fill(label, 0, rows, null);
            for (String[] t : texts) if (t != null) Arrays.fill(t, 0, rows, null);
        }
    }

    String model() { return model; }

    LogShape shape() { return shape; }

    Buffers buffers() { return buffers; }

    int capacity() { return capacity; }

    /** A row index; {@code >= capacity()} when the chunk is full or sealed. */
    int claim() {
        int i = claimed.getAndIncrement();
        if (i == 0) startedNanos = System.nanoTime();
        return i;
    }

    /** Writes row {@code i} (claimed by the caller); strings go through {@code strings} so that repeats share one instance. */
    void put(int i, int modelVersion, FeatureRow row, double rowScore, String rowLabel, long epochMillis, CanonicalStrings strings) {
        Buffers b = buffers;
        b.time[i] = epochMillis;
        b.version[i] = modelVersion;
        b.score[i] = rowScore;
        b.label[i] = rowLabel;
        for (int f = 0, n = shape.size(); f < n; f++) {
            if (shape.isText(f)) b.texts[f][i] = row.isNull(f) ? null : strings.canonical(row.text(f));
            else b.numbers[f][i] = row.isNull(f) ? Double.NaN : row.number(f);
        }
    }

    /** Says that a claimed row is written. */
    void filled() {
        filled.incrementAndGet();
    }

    /** Rows claimed so far (a hint: more may follow until the chunk is sealed). */
    int claimedRows() {
        return Math.min(claimed.get(), capacity);
    }

    /** When row 0 was claimed ({@link System#nanoTime()}), or 0 while the chunk is empty. */
    long startedNanos() {
        return startedNanos;
    }

    /** Stops new claims (every later {@link #claim()} returns an index past the end); returns the rows the chunk holds. */
    int seal() {
        return Math.min(claimed.getAndAdd(capacity), capacity);
    }

    /** Waits until the first {@code rows} claimed rows are written: their writers are between claim and fill. */
    void awaitFilled(int rows) {
        for (int spins = 0; filled.get() < rows; spins++) {
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    /** The first {@code rows} rows as the log file's columns: {@code _time_ms, _version, _score, _label}, then the features. */
    Frame frame(int rows) {
        List<Column> cols = new ArrayList<>(4 + shape.size());
        Buffers b = buffers;
        long[] versions = new long[rows];
        for (int i = 0; i < rows; i++) versions[i] = b.version[i];
        cols.add(new Column.Longs("_time_ms", prefix(b.time, rows), null));
        cols.add(new Column.Longs("_version", versions, null));
        cols.add(new Column.Doubles("_score", prefix(b.score, rows), null));
        cols.add(new Column.Strings("_label", prefix(b.label, rows)));
        for (int f = 0; f < shape.size(); f++) {
            String name = shape.name(f);
            if (name.startsWith("_")) continue; // the log's own columns
            cols.add(column(name, shape.type(f), f, rows));
        }
        return new Frame(cols);
    }

    private Column column(String name, String type, int f, int rows) {
        if (shape.isText(f)) return new Column.Strings(name, prefix(buffers.texts[f], rows));
        double[] v = buffers.numbers[f];
        BitSet nulls = new BitSet();
        for (int i = 0; i < rows; i++) if (Double.isNaN(v[i])) nulls.set(i);
        return switch (type) {
            case "long" -> {
                long[] out = new long[rows];
                for (int i = 0; i < rows; i++) out[i] = (long) v[i];
                yield new Column.Longs(name, out, nulls);
            }
            case "bool" -> {
                boolean[] out = new boolean[rows];
                for (int i = 0; i < rows; i++) out[i] = v[i] != 0 && !Double.isNaN(v[i]);
                yield new Column.Bools(name, out, nulls);
            }
            default -> new Column.Doubles(name, prefix(v, rows), nulls);
        };
    }


    // a full chunk's arrays are handed over as they are (the write is done before they are reused)
    private static long[] prefix(long[] a, int rows) { return rows == a.length ? a : Arrays.copyOf(a, rows); }

    private static double[] prefix(double[] a, int rows) { return rows == a.length ? a : Arrays.copyOf(a, rows); }

    private static String[] prefix(String[] a, int rows) { return rows == a.length ? a : Arrays.copyOf(a, rows); }
}
