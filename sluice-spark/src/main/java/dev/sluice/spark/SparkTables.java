package dev.sluice.spark;

import dev.sluice.api.PipelineException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tables between Spark and the store: a table is one Parquet file, as the local engine writes it, so DuckDB steps and
 * Spark steps read each other's outputs and the store's digests stay per file. Spark writes a folder of parts; a step's
 * result is written as one part (coalesced) that is then moved to the output's name. Stateless.
 *
 * <p>The folder must be one that the executors see at the same path (the driver's machine for {@code local[N]}, a
 * shared folder for a cluster).
 */
public final class SparkTables {
    private SparkTables() {}

    /** The Parquet file as a Spark table. */
    public static Dataset<Row> read(SparkSession spark, Path file) {
        return spark.read().parquet(file.toAbsolutePath().toUri().toString());
    }

    /** Runs {@code table} and writes it to {@code out} as one Parquet file, in its order. */
    public static void write(Dataset<Row> table, Path out) {
        Path parts = out.resolveSibling("." + out.getFileName() + ".spark");
        try {
            deleteTree(parts);
            table.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(parts.toAbsolutePath().toUri().toString());
            List<Path> files;
            try (Stream<Path> s = Files.list(parts)) {
                files = s.filter(p -> p.getFileName().toString().startsWith("part-")
                        && p.getFileName().toString().endsWith(".parquet")).sorted().toList();
            }
            if (files.size() != 1) {
                throw new PipelineException("spark: expected one Parquet part in " + parts + ", found " + files.size());
            }
            Files.move(files.get(0), out, StandardCopyOption.REPLACE_EXISTING);
            deleteTree(parts);
        } catch (IOException e) {
            throw new UncheckedIOException("spark: cannot write table " + out, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
