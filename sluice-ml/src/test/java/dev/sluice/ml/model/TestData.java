package dev.sluice.ml.model;

import dev.sluice.ml.table.Frame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Real test tables from src/test/resources/data, split deterministically and written as Parquet. */
final class TestData {
    static final TableReader TABLES = TableReader.duckdb();

    private TestData() {}

    static Path resource(String name) {
        try {
            return Path.of(TestData.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Frame csv(String name) {
        try {
            return TABLES.read(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {train, test}: a seeded shuffle, the last {@code testShare} of rows as test. */
    static Frame[] split(Frame frame, double testShare, long seed) {
        int n = frame.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int cut = (int) Math.round(n * (1 - testShare));
        return new Frame[] {frame.take(Arrays.copyOfRange(order, 0, cut)), frame.take(Arrays.copyOfRange(order, cut, n))};
    }

    static Path parquet(Frame frame, Path file) {
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            TABLES.write(frame, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
