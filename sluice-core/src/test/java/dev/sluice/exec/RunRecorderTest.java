package dev.sluice.exec;

import dev.sluice.api.StepStatus;
import dev.sluice.meta.StepRunRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A recorded run is recorded from its own events: what a step's event carries is what the database keeps. */
class RunRecorderTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private static Optional<StepRecord> record(RunEvent e) {
        return switch (e) {
            case RunEvent.StepStarted x -> x.record();
            case RunEvent.StepRetrying x -> x.record();
            case RunEvent.StepWaiting x -> x.record();
            case RunEvent.StepSucceeded x -> x.record();
            case RunEvent.StepCached x -> x.record();
            case RunEvent.StepFailed x -> x.record();
            case RunEvent.StepSkipped x -> x.record();
            case RunEvent.StepBlocked x -> x.record();
            case RunEvent.StepCancelled x -> x.record();
            case RunEvent.RunStarted x -> Optional.empty();
            case RunEvent.RunFinished x -> Optional.empty();
        };
    }

    @Test
    void everyFinalStepEventCarriesTheRecordTheDatabaseKeeps() throws Exception {
        Files.writeString(dir.resolve("broken"), "");
        RecordingListener events = new RecordingListener();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws).run(Chain.pipeline(dir, Map.of("fail_if", "broken")), events);

        for (String step : java.util.List.of("a", "b", "c", "d")) {
            StepRecord last = events.events().stream().filter(e -> e.stepName().filter(step::equals).isPresent())
                    .map(RunRecorderTest::record).reduce((x, y) -> y).orElseThrow().orElseThrow();
            StepRunRow row = ws.metadata().queries().stepRun(r.runId(), step).orElseThrow();
            assertThat(row.id()).isEqualTo(last.stepRunId());
            assertThat(row.state()).isEqualTo(last.status()).isEqualTo(r.step(step).orElseThrow().status());
            assertThat(row.cacheKey()).isEqualTo(last.start().cacheKey());
            assertThat(row.error()).isEqualTo(last.end().orElseThrow().error());
        }
        assertThat(r.step("b").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("c").orElseThrow().status()).isEqualTo(StepStatus.BLOCKED);
        assertThat(ws.metadata().queries().stepRun(r.runId(), "c").orElseThrow().attempt()).isZero();
    }

    @Test
    void aStepStartsRecordedAsRunningWithItsCacheKey() {
        RecordingListener events = new RecordingListener();
        new LocalExecutor(new RunOptions(2, false, home), ws).run(Chain.pipeline(dir, Map.of()), events);

        assertThat(events.ofType(RunEvent.StepStarted.class)).hasSize(4).allSatisfy(e -> {
            StepRecord rec = e.record().orElseThrow();
            assertThat(rec.status()).isEqualTo(StepStatus.RUNNING);
            assertThat(rec.start().attempt()).isEqualTo(e.attempt());
            assertThat(rec.start().cacheKey()).isPresent();
        });
    }

    @Test
    void aRunThatRecordsNothingSendsEventsWithoutRecords() {
        RecordingListener events = new RecordingListener();
        new LocalExecutor(new RunOptions(2, false, home)).run(Chain.pipeline(dir, Map.of()), events);

        assertThat(events.events()).isNotEmpty().allSatisfy(e -> assertThat(record(e)).isEmpty());
    }
}
