package dev.sluice.ml.table;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: measures {@link TableIO#read} and {@link TableIO#write} on 1,000,000 rows x 28 columns
 * (20 double, 5 bigint, 2 text, 1 boolean). Run by hand, e.g.
 * {@code java -cp <test classpath> dev.sluice.ml.table.TableIOSpeed /tmp/speed}; prints the best of 5.
 */
public final class TableIOSpeed {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/speed"));
        Path file = dir.resolve("t.parquet");
        try (DuckSession db = DuckSession.open(Runtime.getRuntime().availableProcessors())) {
            StringBuilder sb = new StringBuilder("SELECT ");
            for (int i = 0; i < 20; i++) sb.append("random() * 100 AS d").append(i).append(", ");
            for (int i = 0; i < 5; i++) sb.append("(random() * 1000)::BIGINT AS l").append(i).append(", ");
            for (int i = 0; i < 2; i++) sb.append("'cat' || (range % 17) AS s").append(i).append(", ");
            sb.append("range % 2 = 0 AS b0 FROM range(1000000)");
            db.copyToParquet(sb.toString(), file);
        }
        long bestRead = Long.MAX_VALUE;
        long bestWrite = Long.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            Frame f = TableIO.read(file);
            long t1 = System.nanoTime();
            TableIO.write(f, dir.resolve("copy.parquet"));
            long t2 = System.nanoTime();
            bestRead = Math.min(bestRead, t1 - t0);
            bestWrite = Math.min(bestWrite, t2 - t1);
            System.out.printf("read %d ms, write %d ms (%d rows x %d columns)%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, f.rows(), f.columns().size());
        }
        System.out.printf("best: read %d ms, write %d ms%n", bestRead / 1_000_000, bestWrite / 1_000_000);
    }
}
