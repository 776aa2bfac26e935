package dev.sluice.cli;

import dev.sluice.exec.RunEvent;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetaWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress of a recorded run shows a step's new state only once the records its recorder submitted before the
 * event are committed, so a crash can never lose a step the user saw succeed. A real workspace (SQLite), its writer
 * held in the middle of a group commit.
 */
@Timeout(60)
class DurableProgressTest {
    @TempDir
    Path home;

    @Test
    void aStepIsShownSucceededOnlyOnceItsRecordIsCommitted() throws Exception {
        try (Workspace ws = Workspace.open(home)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean armed = new AtomicBoolean();
            ws.metadata().writer().beforeEachCommit(() -> {
                if (!armed.getAndSet(false)) return;
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ProgressBoard board = new ProgressBoard(List.of("load"), ProgressBoard.Durability.of(ws.metadata().writer()));
            StringWriter text = new StringWriter();
            PlainProgress view = new PlainProgress(board, new PrintWriter(text));

            armed.set(true);
            ws.metadata().writer().submit(new MetaWrite.Heartbeat("20261207-000000-0000", Instant.now())); // the step's end
            board.onEvent(new RunEvent.StepSucceeded("r1", Instant.now(), "load", Duration.ofMillis(120)));
            holding.await();
            view.tick();
            assertThat(text.toString()).as("shown while its record is not committed").isEmpty();
            assertThat(board.snapshot().getFirst().status().label()).isEqualTo("pending");

            release.countDown();
            ws.metadata().writer().flush();
            view.tick();
            assertThat(text.toString()).isEqualTo("  load  succeeded  0.12s\n");
        }
    }
}
