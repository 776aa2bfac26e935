package dev.sluice.bench;

import dev.sluice.ml.data.CsvComponent;
import dev.sluice.ml.table.DuckSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Sluice side of the "CSV into an in-memory table" comparison in {@code bench/ml/compare}: reads one file as the
 * {@code csv} component does with its defaults ({@link CsvComponent#load}: DuckDB's {@code read_csv} into an
 * in-memory table, typed over every row, on {@code threads} threads; opening the database is timed, loading DuckDB's
 * library is not, as {@code import pandas} is not) and prints one JSON line with the wall time around it, like
 * {@code pandas.read_csv} is timed on the other side.
 *
 * <pre>{@code java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.CsvLoadTiming data.csv [threads]}</pre>
 */
public final class CsvLoadTiming {
    private CsvLoadTiming() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CsvLoadTiming FILE.csv [threads]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            System.exit(2);
        }
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path scratch = Files.createTempDirectory("csv-load-timing");
        DuckSession.open(1).close();   // loads DuckDB's native library, as pandas is imported, before the timer
        long start = System.nanoTime();
        long rows;
        int cols;
        try (DuckSession db = DuckSession.open(threads)) {
            rows = CsvComponent.load(db, file, scratch);
            cols = db.describe("data").size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "{\"read_s\": %.4f, \"rows\": %d, \"cols\": %d, \"threads\": %d}%n",
                seconds, rows, cols, threads);
    }
}
