package dev.sluice.bench;

import dev.sluice.ml.data.CsvOptions;
import dev.sluice.ml.data.CsvParser;
import dev.sluice.ml.table.Frame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Sluice side of the "CSV into an in-memory table" comparison in {@code bench/ml/compare}: reads
 * one file with the {@code csv} component's parser and defaults ({@link CsvParser#fast()} on 2 threads; DuckDB
 * is not involved unless FastCsv declines, which the output says) and prints one JSON line with the
 * wall time around the call, like {@code pandas.read_csv} is timed on the other side.
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
        long start = System.nanoTime();
        CsvParser.Result result = CsvParser.fast().parse(file, CsvOptions.defaults(), threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!(result instanceof CsvParser.Parsed parsed)) {
            System.out.printf("{\"declined\": \"%s\"}%n", String.valueOf(result).replace("\"", "'"));
            System.exit(1);
            return;
        }
        Frame f = parsed.frame();
        System.out.printf(Locale.ROOT, "{\"read_s\": %.4f, \"rows\": %d, \"cols\": %d, \"threads\": %d}%n",
                seconds, f.rows(), f.columns().size(), threads);
    }
}
