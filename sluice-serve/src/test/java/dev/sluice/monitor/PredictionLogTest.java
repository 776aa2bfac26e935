package dev.sluice.monitor;

import dev.sluice.ml.table.DuckSession;
import dev.sluice.serve.FeatureRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionLogTest {
    @TempDir Path home;

    private static long[] query(Path folder, String select) throws Exception {
        try (DuckSession db = DuckSession.open(1);
             Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT " + select + " FROM read_parquet("
                     + DuckSession.literal(folder.toAbsolutePath() + "/**/*.parquet") + ", union_by_name = true)")) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) out[i] = rs.getLong(i + 1);
            return out;
        }
    }

    /** A row whose values can be checked against each other once written: x = i / 2, kind = the parity of i. */
    private static Map<String, Object> features(int thread, int i) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("thread", thread);
        f.put("i", i);
        f.put("x", i * 0.5);
        f.put("kind", i % 2 == 0 ? "even" : "odd");
        return f;
    }

    @ParameterizedTest(name = "flush interval {0} ms")
    @ValueSource(ints = {50, 1})  // 1 ms: the writer takes chunks from under the appending threads all the time
    void manyAppendsFromSeveralThreadsAreAllReadableBack(int flushMillis) throws Exception {
        int threads = 4, perThread = 5_000;
        PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(100_000, 1_000, Duration.ofMillis(flushMillis)));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    log.append("churn", 3, features(id, i), i / (double) perThread, i % 2 == 0 ? "Yes" : "No", Instant.ofEpochMilli(1_000 + i));
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) w.join();
        log.close();

        assertThat(log.dropped()).isZero();
        assertThat(log.failed()).isZero();
        assertThat(log.written()).isEqualTo(threads * perThread);
        Path folder = PredictionLog.folder(home, "churn");
        long[] r = query(folder, "count(*), sum(i), count(DISTINCT thread), sum(CASE WHEN kind = 'even' THEN 1 ELSE 0 END),"
                + " sum(CAST(x * 2 AS BIGINT)), min(_version), max(_version), sum(CASE WHEN _label = 'Yes' THEN 1 ELSE 0 END)");
        long sumI = (long) threads * perThread * (perThread - 1) / 2;
        assertThat(r).containsExactly(threads * perThread, sumI, threads, threads * perThread / 2, sumI, 3, 3, threads * perThread / 2);
        try (Stream<Path> files = Files.walk(folder).filter(Files::isRegularFile)) {   // the hour of the rows' times
            assertThat(files.map(p -> folder.relativize(p).toString()))
                    .allMatch(n -> n.matches("1970-01-01/00/part-\\d{13}-\\d{6}-\\d+-\\d+\\.parquet") || n.equals(".upkeep.lock"));
        }
    }

    @Test
    void underOverloadEveryRowIsWrittenWholeOrCountedAsDropped() throws Exception {
        // a tiny log (4 chunks of 16 rows) that its writer cannot keep up with: chunks fill, are sealed and reused
        // while other threads still hold them; no row may be lost uncounted or mixed with another row's values
        int threads = 4, perThread = 20_000;
        PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(64, 16, Duration.ofMillis(1)));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.append("m", 1, features(id, i), i, null, Instant.ofEpochMilli(i));
                }
            }));
        }
        for (Thread w : workers) w.join();
        log.close();

        assertThat(log.failed()).isZero();
        assertThat(log.written() + log.dropped()).isEqualTo(threads * perThread);
        assertThat(log.written()).isPositive();
        long[] r = query(PredictionLog.folder(home, "m"), "count(*), count(*) FILTER (WHERE x = i * 0.5 AND _score = i"
                + " AND _time_ms = i AND kind = CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END), count(DISTINCT (thread, i))");
        assertThat(r).containsExactly(log.written(), log.written(), log.written());
    }

    @Test
    void closeFlushesTheRowsStillBuffered() throws Exception {
        PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(1_000, 1_000, Duration.ofHours(1)));
        for (int i = 0; i < 7; i++) log.append("m", 1, Map.of("a", i), 0.1 * i, null, Instant.ofEpochMilli(i));
        assertThat(PredictionLog.folder(home, "m")).doesNotExist();   // a batch of 1000 or an hour: nothing written yet
        log.close();
        assertThat(query(PredictionLog.folder(home, "m"), "count(*), sum(a), count(_label), max(_time_ms)")).containsExactly(7, 21, 0, 6);
        assertThat(log.written()).isEqualTo(7);
    }

    @Test
    void flushWritesWithoutClosing() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(1_000, 1_000, Duration.ofHours(1)))) {
            log.append("m", 1, Map.of("a", 1, "b", true, "c", 2.5), 0.5, "x", Instant.EPOCH);
            log.append("m", 1, Map.of("a", 2), 0.5, "x", Instant.EPOCH);
            log.flush();
            assertThat(query(PredictionLog.folder(home, "m"), "count(*), sum(a), count(b), count(c)")).containsExactly(2, 3, 1, 1);
        }
    }

    /** A served row as the server hands it over: a view over buffers that change after the call. */
    private static final class Buffer implements FeatureRow {
        final String[] names = {"tenure", "Contract", "senior", "charges"};
        final String[] types = {"long", "string", "bool", "double"};
        final double[] numbers = new double[4];
        final String[] texts = new String[4];
        final boolean[] nulls = new boolean[4];

        @Override public int size() { return 4; }
        @Override public String name(int i) { return names[i]; }
        @Override public String type(int i) { return types[i]; }
        @Override public boolean isNull(int i) { return nulls[i]; }
        @Override public double number(int i) { return nulls[i] ? Double.NaN : numbers[i]; }
        @Override public String text(int i) { return texts[i]; }
    }

    @Test
    void servedRowsAreCopiedWithTheirTypesAndNullsBeforeTheServerReusesItsBuffers() throws Exception {
        Buffer row = new Buffer();
        try (PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(1_000, 1_000, Duration.ofHours(1)))) {
            for (int i = 0; i < 10; i++) {
                row.numbers[0] = i;
                row.texts[1] = new String(i % 2 == 0 ? "One year" : "Month-to-month"); // a fresh string per request
                row.numbers[2] = i % 3 == 0 ? 1 : 0;
                row.numbers[3] = 10.5 * i;
                row.nulls[3] = i == 9;
                log.append("churn", 2, row, 0.1 * i, null, 1_000 + i);
            }
            log.flush();
        }
        Path folder = PredictionLog.folder(home, "churn");
        assertThat(query(folder, "count(*), sum(tenure), count(*) FILTER (WHERE \"Contract\" = 'One year'), sum(senior::INT),"
                + " count(charges), sum(charges)::BIGINT, min(_version), max(_time_ms)"))
                .containsExactly(10, 45, 5, 4, 9, 378, 2, 1_009);
        try (DuckSession db = DuckSession.open(1);
             Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                     + DuckSession.literal(folder.toAbsolutePath() + "/**/*.parquet") + ")) WHERE column_name NOT LIKE '\\_%' ESCAPE '\\'")) {
            StringBuilder types = new StringBuilder();
            while (rs.next()) types.append(rs.getString(1)).append(' ').append(rs.getString(2)).append("; ");
            assertThat(types.toString()).isEqualTo("tenure BIGINT; Contract VARCHAR; senior BOOLEAN; charges DOUBLE; ");
        }
    }

    @Test
    void appendsAfterCloseAreDroppedAndCounted() {
        PredictionLog log = PredictionLog.open(home, PredictionLog.Options.DEFAULTS);
        log.close();
        assertThat(log.append("m", 1, Map.of(), 0, null, Instant.EPOCH)).isFalse();
        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void aFullQueueDropsInsteadOfBlocking() throws Exception {
        // the writer has not started: the queue of 3 fills up and the rest is dropped at once
        PredictionLog log = PredictionLog.paused(home, new PredictionLog.Options(3, 1_000, Duration.ofHours(1)));
        int accepted = 0;
        for (int i = 0; i < 10; i++) if (log.append("m", 1, Map.of("i", i), 0, null, Instant.EPOCH)) accepted++;
        assertThat(accepted).isEqualTo(3);
        assertThat(log.dropped()).isEqualTo(7);
        log.startWriter();
        log.close();
        assertThat(log.written()).isEqualTo(3);
        assertThat(query(PredictionLog.folder(home, "m"), "count(*), sum(i)")).containsExactly(3, 3);
    }

    @Test
    void modelNamesCannotEscapeTheLogFolder() {
        assertThatThrownBy(() -> PredictionLog.folder(home, "../x"))
                .hasMessage("model name '../x' cannot name a log folder: use letters, digits, '.', '_' and '-'");
    }
}
