package dev.sluice.monitor;

import dev.sluice.ml.table.DuckSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prediction log's layout by hour, its compaction (crash-safe), retention, and windows that read only what they need. */
class LogUpkeepTest {
    /** The start of the hour three hours ago: a past hour, within any retention. */
    private static final Instant TEN = Instant.ofEpochMilli(LogFiles.hourOf(System.currentTimeMillis())).minus(Duration.ofHours(3));
    private static final PredictionLog.Options SMALL = new PredictionLog.Options(100_000, 100_000, Duration.ofHours(1));

    @TempDir Path home;

    /** Logs {@code n} rows with i = first..first+n-1 at the given times, as one file per call (one flush). */
    private void log(PredictionLog log, String model, int first, int n, Instant at, Duration step) throws InterruptedException {
        for (int i = first; i < first + n; i++) {
            log.append(model, 1, Map.of("i", i), 0.5, "yes", at.plus(step.multipliedBy(i - first)));
        }
        log.flush();
    }

    /** count(*) and sum(i) over the files a reader takes as the model's rows. */
    private long[] rows(String model) throws Exception {
        List<LogFiles.LogFile> files = LogFiles.window(PredictionLog.folder(home, model), Long.MAX_VALUE, Optional.empty());
        if (files.isEmpty()) return new long[] {0, 0};
        String list = files.stream().map(f -> DuckSession.literal(f.path())).collect(Collectors.joining(", "));
        try (DuckSession db = DuckSession.open(1); Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(i) FROM read_parquet([" + list + "], union_by_name = true)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".upkeep")).sorted().toList();
        }
    }

    private LogUpkeep upkeep(Instant now, LogUpkeep.Checkpoint checkpoint) {
        return new LogUpkeep(home, LogUpkeep.Policy.DEFAULTS, Clock.fixed(now, ZoneOffset.UTC), checkpoint);
    }

    private static Instant later() {
        return Instant.now();
    }

    private Path hour(String model, Instant at) {
        return LogFiles.hourFolder(PredictionLog.folder(home, model), at.toEpochMilli());
    }

    @Test
    void aBatchIsWrittenIntoTheFolderOfTheHourOfItsRowsOnePartPerHour() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            log(log, "m", 0, 10, TEN.minusMillis(5), Duration.ofMillis(1)); // 5 rows at 09:59:59.99x, 5 at 10:00
        }
        Path nine = hour("m", TEN.minusMillis(1));
        Path ten = hour("m", TEN);
        assertThat(names(nine)).singleElement().asString().matches("part-\\d{13}-\\d{6}-\\d+-5\\.parquet");
        assertThat(names(ten)).singleElement().asString().matches("part-\\d{13}-\\d{6}-\\d+-5\\.parquet");
        assertThat(rows("m")).containsExactly(10, 45);
    }

    @Test
    void aPastHoursPartsAreMergedIntoOneFileWithTheSameRowsTheCurrentHourIsLeftAlone() throws Exception {
        Instant current = Instant.now();
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            for (int k = 0; k < 5; k++) log(log, "m", k * 100, 100, TEN.plusSeconds(k * 60), Duration.ofMillis(10));
            log(log, "m", 1000, 7, current, Duration.ZERO);
        }
        assertThat(names(hour("m", TEN))).hasSize(5);
        long[] before = rows("m");

        LogUpkeep.Pass pass = upkeep(later(), LogUpkeep.Checkpoint.NONE).run();

        assertThat(pass.hoursCompacted()).isEqualTo(1);
        assertThat(pass.partsMerged()).isEqualTo(5);
        assertThat(names(hour("m", TEN))).singleElement().asString().matches("compact-\\d{13}-500\\.parquet");
        assertThat(names(hour("m", current))).as("the current hour").hasSize(1).allMatch(n -> n.startsWith("part-"));
        assertThat(rows("m")).containsExactly(before);
        assertThat(upkeep(later(), LogUpkeep.Checkpoint.NONE).run().hoursCompacted())
                .as("nothing more to merge").isZero();
    }

    @Test
    void aCompactionStoppedAfterTakingSomePartsLosesNoRowAndCountsNoneTwice() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            for (int k = 0; k < 4; k++) log(log, "m", k * 10, 10, TEN.plusSeconds(k), Duration.ofMillis(1));
        }
        long[] before = rows("m");

        upkeep(later(), stopAt("taken")).run(); // the pass logs the failure and goes on: as if the process had died there

        assertThat(names(hour("m", TEN))).as("one part taken, three not").hasSize(4)
                .filteredOn(n -> n.startsWith("taken-")).hasSize(1);
        assertThat(rows("m")).containsExactly(before);

        upkeep(later(), LogUpkeep.Checkpoint.NONE).run();

        assertThat(names(hour("m", TEN))).singleElement().asString().matches("compact-\\d{13}-40\\.parquet");
        assertThat(rows("m")).containsExactly(before);
    }

    private static LogUpkeep.Checkpoint stopAt(String step) {
        return (what, hour) -> {
            if (what.equals(step)) throw new IllegalStateException("killed at " + what);
        };
    }

    @Test
    void aCompactionStoppedAfterItsFileIsInPlaceLosesNoRowAndCountsNoneTwice() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            for (int k = 0; k < 4; k++) log(log, "m", k * 10, 10, TEN.plusSeconds(k), Duration.ofMillis(1));
        }
        long[] before = rows("m");

        upkeep(later(), stopAt("committed")).run();

        List<String> left = names(hour("m", TEN));
        assertThat(left).as("the compact file and the parts it took").hasSize(5)
                .anyMatch(n -> n.startsWith("compact-")).filteredOn(n -> n.startsWith("taken-")).hasSize(4);
        assertThat(rows("m")).as("the compact file, not the parts").containsExactly(before);
        assertThat(LogFiles.leftovers(hour("m", TEN))).hasSize(4);

        LogUpkeep.Pass next = upkeep(later(), LogUpkeep.Checkpoint.NONE).run();

        assertThat(next.filesRemoved()).isEqualTo(4);
        assertThat(names(hour("m", TEN))).singleElement().asString().startsWith("compact-");
        assertThat(rows("m")).containsExactly(before);
    }

    @Test
    void aCompactionKilledWhileWritingLeavesATemporaryFileThatNoReaderSeesAndTheNextPassRemoves() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            log(log, "m", 0, 10, TEN, Duration.ofMillis(1));
            log(log, "m", 10, 10, TEN, Duration.ofMillis(1));
        }
        long[] before = rows("m");
        Path tmp = Files.writeString(hour("m", TEN).resolve("compact-" + TEN.toEpochMilli() + "-20.parquet.tmp-0d4c"), "half a file");
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        assertThat(rows("m")).containsExactly(before);

        upkeep(Instant.now(), LogUpkeep.Checkpoint.NONE).run();

        assertThat(tmp).doesNotExist();
        assertThat(rows("m")).containsExactly(before);
    }

    @Test
    void aPartWrittenAfterACompactionIsReadBesideItAndMergedByTheNext() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            log(log, "m", 0, 10, TEN, Duration.ofMillis(1));
            log(log, "m", 10, 10, TEN, Duration.ofMillis(1));
            upkeep(later(), LogUpkeep.Checkpoint.NONE).run();
            assertThat(names(hour("m", TEN))).singleElement().asString().startsWith("compact-");
            log(log, "m", 20, 5, TEN.plusSeconds(30), Duration.ofMillis(1)); // late rows of that hour
        }
        assertThat(names(hour("m", TEN))).hasSize(2);
        assertThat(rows("m")).containsExactly(25, 300);
        upkeep(later(), LogUpkeep.Checkpoint.NONE).run();
        assertThat(names(hour("m", TEN))).singleElement().asString().matches("compact-\\d{13}-25\\.parquet");
        assertThat(rows("m")).containsExactly(25, 300);
    }

    @Test
    void hoursOlderThanTheModelsRetentionAreDeletedOldFlatFilesToo() throws Exception {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            for (String model : List.of("short", "long")) {
                log(log, model, 0, 3, now.minus(Duration.ofDays(3)), Duration.ofMillis(1));
                log(log, model, 3, 3, now.minus(Duration.ofHours(49)), Duration.ofMillis(1));
                log(log, model, 6, 3, now.minus(Duration.ofHours(47)), Duration.ofMillis(1));
            }
        }
        Path legacy = Files.copy(Files.walk(PredictionLog.folder(home, "short")).filter(p -> p.toString().endsWith(".parquet"))
                .findFirst().orElseThrow(), PredictionLog.folder(home, "short").resolve(now.minus(Duration.ofDays(5)).toEpochMilli()
                + "-000001-42.parquet"));
        assertThat(rows("short")).as("a flat file from before partitioning is read").containsExactly(12, 3 + 36);
        LogUpkeep.Policy policy = LogUpkeep.Policy.DEFAULTS.withKeep(Duration.ofDays(30), Map.of("short", Duration.ofDays(2)));

        LogUpkeep.Pass pass = new LogUpkeep(home, policy, Clock.fixed(now, ZoneOffset.UTC)).run();

        assertThat(pass.hoursDeleted()).isEqualTo(2);
        assertThat(legacy).doesNotExist();
        assertThat(rows("short")).as("only the rows of the last 2 days").containsExactly(3, 21);
        assertThat(rows("long")).containsExactly(9, 36);
        assertThat(home.resolve("predictions/short/2026-03-07")).as("a whole day past retention").doesNotExist();
    }

    @Test
    void aModelAnotherUpkeepHoldsIsSkipped() throws Exception {
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            log(log, "m", 0, 10, TEN, Duration.ofMillis(1));
            log(log, "m", 10, 10, TEN, Duration.ofMillis(1));
        }
        try (FileChannel c = FileChannel.open(PredictionLog.folder(home, "m").resolve(".upkeep.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var held = c.lock()) {
            assertThat(upkeep(later(), LogUpkeep.Checkpoint.NONE).run().hoursCompacted()).isZero();
        }
        assertThat(upkeep(later(), LogUpkeep.Checkpoint.NONE).run().hoursCompacted()).isEqualTo(1);
    }

    @Test
    void aWindowListsAndReadsOnlyTheNewestHoursItNeedsWhateverTheHistory() throws Exception {
        Instant end = Instant.ofEpochMilli(LogFiles.hourOf(System.currentTimeMillis()));
        Path model = PredictionLog.folder(home, "m");
        try (PredictionLog log = PredictionLog.open(home, SMALL)) {
            // a month of hours, 10 rows each, in one batch: the writer splits it into one part per hour
            log(log, "m", 0, 30 * 24 * 10, end.minus(Duration.ofDays(30)), Duration.ofMinutes(6));
        }
        assertThat(LogFiles.days(model)).hasSizeBetween(30, 31);

        List<LogFiles.LogFile> newest25 = LogFiles.window(PredictionLog.folder(home, "m"), 25, Optional.empty());
        assertThat(newest25).extracting(f -> f.path().getParent()).containsExactly(hour("m", end.minus(Duration.ofHours(1))),
                hour("m", end.minus(Duration.ofHours(2))), hour("m", end.minus(Duration.ofHours(3))));
        assertThat(LogFiles.window(PredictionLog.folder(home, "m"), 1_000_000, Optional.of(end.minus(Duration.ofMinutes(90)))))
                .as("since 22:30: the two last hours").hasSize(2);

        Path target = home.resolve("window.parquet");
        DriftReport.Window w = PredictionWindow.export(home, "m", 25, Optional.empty(), target).orElseThrow();
        assertThat(w.rows()).isEqualTo(25);
        assertThat(w.from()).contains(end.minus(Duration.ofMinutes(6 * 25)));
        assertThat(w.to()).contains(end.minus(Duration.ofMinutes(6)));
        assertThat(upkeep(end, LogUpkeep.Checkpoint.NONE).run().hoursCompacted()).as("one part an hour: nothing to merge").isZero();
    }

    @Test
    void aPolicyNeedsPositiveDurationsAndModelNamesThatCanNameAFolder() {
        assertThatThrownBy(() -> LogUpkeep.Policy.DEFAULTS.withKeep(Duration.ZERO, Map.of()))
                .hasMessage("keep must be positive, got PT0S");
        assertThatThrownBy(() -> LogUpkeep.Policy.DEFAULTS.withKeep(Duration.ofDays(1), Map.of("../x", Duration.ofDays(1))))
                .hasMessageContaining("cannot name a log folder");
    }
}
