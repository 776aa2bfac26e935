package dev.sluice.monitor;

import dev.sluice.ml.table.DuckSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compaction in a process of its own, killed (SIGKILL) between its steps: the hour reads the same rows, none twice,
 * and the next pass finishes the job.
 */
class CompactionKillTest {
    @TempDir Path home;

    private long[] rows() throws Exception {
        List<LogFiles.LogFile> files = LogFiles.window(PredictionLog.folder(home, "m"), Long.MAX_VALUE, Optional.empty());
        String list = files.stream().map(f -> DuckSession.literal(f.path())).collect(Collectors.joining(", "));
        try (DuckSession db = DuckSession.open(1); Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(i), count(DISTINCT i) FROM read_parquet([" + list + "], union_by_name = true)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    @ParameterizedTest(name = "killed once {0}")
    @ValueSource(strings = {"taken", "committed"})
    void aKilledCompactionLosesNoRowAndDuplicatesNone(String step) throws Exception {
        Instant hour = Instant.ofEpochMilli(LogFiles.hourOf(System.currentTimeMillis())).minus(Duration.ofHours(2));
        try (PredictionLog log = PredictionLog.open(home, new PredictionLog.Options(100_000, 100_000, Duration.ofHours(1)))) {
            for (int k = 0; k < 6; k++) {
                for (int i = k * 50; i < (k + 1) * 50; i++) log.append("m", 1, Map.of("i", i), 0.5, null, hour.plusSeconds(i));
                log.flush();
            }
        }
        assertThat(rows()).containsExactly(300, 300 * 299 / 2, 300);
        Path reached = home.resolve("reached");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CompactionProcess.class.getName(), home.toString(), step, reached.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 600 && !Files.exists(reached) && child.isAlive(); i++) Thread.sleep(100);
            assertThat(reached).as("the compaction reached " + step).exists();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        assertThat(rows()).as("read after the kill").containsExactly(300, 300 * 299 / 2, 300);

        new LogUpkeep(home, LogUpkeep.Policy.DEFAULTS, Clock.systemUTC()).run();
        Path folder = LogFiles.hourFolder(PredictionLog.folder(home, "m"), hour.toEpochMilli());
        assertThat(LogFiles.files(folder)).singleElement().extracting(LogFiles.LogFile::kind).isEqualTo(LogFiles.LogFile.Kind.COMPACT);
        assertThat(rows()).containsExactly(300, 300 * 299 / 2, 300);
    }
}
