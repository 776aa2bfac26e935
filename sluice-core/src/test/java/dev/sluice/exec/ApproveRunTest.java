package dev.sluice.exec;

import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.StepApproval;
import dev.sluice.meta.StepApprovals;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static dev.sluice.exec.YamlRuns.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code approve} step in a real workspace: it waits holding no worker slot, and the decision written to the
 * database (as another process would) ends it: approved, the run goes on; rejected or timed out, what follows is blocked.
 */
@Timeout(120)
class ApproveRunTest {
    @TempDir Path home;
    @TempDir Path dir;
    private Workspace ws;

    /** {@code side} is independent of the gate: with one worker it runs only if the waiting gate holds no slot. */
    private static final String PIPELINE = """
            pipeline: release
            params:
              gated: {type: bool, default: true}
            steps:
              gate: {uses: approve, when: "${params.gated}"%s}
              side: {run: [python3, -c, "print('side')"]}
              ship: {run: [python3, -c, "print('shipped')"], after: [gate, side]}
            """;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private Pipeline load(String gateExtra, Map<String, String> params) throws IOException {
        Files.writeString(dir.resolve("release.yaml"), PIPELINE.formatted(gateExtra));
        return YamlRuns.load(dir.resolve("release.yaml"), params);
    }

    private RunHandle start(Pipeline p, RecordingListener events, RunOptions options) {
        return new LocalExecutor(options, ws).start(p, events);
    }

    private static CountDownLatch waiting(RecordingListener events) {
        return events.on(e -> e instanceof RunEvent.StepWaiting w && w.step().equals("gate"));
    }

    private StepApproval decide(String run, boolean approve, String by, String comment) {
        return StepApprovals.of(ws.metadata()).decide(new StepApproval(run, "gate", approve, by, Instant.now(), Optional.of(comment)));
    }

    @Test
    void anApprovedStepLetsTheRunFinishAndFreedItsSlotWhileItWaited() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch gateWaits = waiting(events);
        CountDownLatch sideDone = events.on(e -> e instanceof RunEvent.StepSucceeded s && s.step().equals("side"));
        RunHandle run = start(load("", Map.of()), events, new RunOptions(1, false, home));

        RecordingListener.await(gateWaits);
        RecordingListener.await(sideDone); // one worker: side ran while the gate waited
        assertThat(ws.metadata().queries().stepRun(run.runId(), "gate").orElseThrow().state()).isEqualTo(StepStatus.WAITING);
        assertThat(events.labels("ship")).isEmpty();

        StepApproval d = decide(run.runId(), true, "alice", "numbers look right");
        RunResult r = run.await();

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(r)).isEqualTo(Map.of("gate", StepStatus.SUCCEEDED, "side", StepStatus.SUCCEEDED,
                "ship", StepStatus.SUCCEEDED));
        assertThat(r.step("gate").orElseThrow().outputs().get("decision")).isEqualTo(Map.of("decision", "approved",
                "by", "alice", "at", d.at().toString(), "comment", "numbers look right"));
        assertThat(events.labels("gate")).containsExactly("StepStarted", "StepWaiting", "StepSucceeded");
        assertThat(ws.metadata().queries().stepRun(r.runId(), "gate").orElseThrow().state()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(StepApprovals.of(ws.metadata()).ofRun(r.runId())).containsExactly(d);
    }

    @Test
    void aRejectedStepFailsTheRunAndBlocksWhatFollows() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch gateWaits = waiting(events);
        RunHandle run = start(load("", Map.of()), events, new RunOptions(2, false, home));
        RecordingListener.await(gateWaits);

        decide(run.runId(), false, "bob", "drift report looks off");
        // the first decision wins: a later one does not change it
        assertThat(decide(run.runId(), true, "carol", "too late").by()).isEqualTo("bob");
        RunResult r = run.await();

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(r)).containsEntry("gate", StepStatus.FAILED).containsEntry("ship", StepStatus.BLOCKED);
        assertThat(r.step("gate").orElseThrow().error().orElseThrow()).startsWith("rejected by bob at ")
                .endsWith(": drift report looks off");
        assertThat(ws.metadata().queries().stepRun(r.runId(), "gate").orElseThrow().error().orElseThrow())
                .startsWith("rejected by bob");
    }

    @Test
    void aTimeoutRejectsAStepNoOneDecidedOn() throws Exception {
        RunResult r = start(load(", timeout: 1s", Map.of()), new RecordingListener(), new RunOptions(2, false, home)).await();

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(statuses(r)).containsEntry("gate", StepStatus.FAILED).containsEntry("ship", StepStatus.BLOCKED);
        assertThat(r.step("gate").orElseThrow().error().orElseThrow()).startsWith("rejected by timeout at ")
                .endsWith(": no decision within 1s");
        assertThat(StepApprovals.of(ws.metadata()).find(r.runId(), "gate").orElseThrow().by()).isEqualTo(StepApproval.TIMEOUT);
    }

    @Test
    void aStepSwitchedOffByWhenDoesNotWait() throws Exception {
        RunResult r = start(load("", Map.of("gated", "false")), new RecordingListener(), new RunOptions(2, false, home)).await();

        assertThat(statuses(r)).containsEntry("gate", StepStatus.SKIPPED).containsEntry("ship", StepStatus.SUCCEEDED);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void cancellingAWaitingRunEndsItsApproveStepCancelled() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch gateWaits = waiting(events);
        RunHandle run = start(load("", Map.of()), events, new RunOptions(2, false, home));
        RecordingListener.await(gateWaits);

        run.cancel();
        RunResult r = run.await();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(statuses(r)).containsEntry("gate", StepStatus.CANCELLED).containsEntry("ship", StepStatus.CANCELLED);
        assertThat(ws.metadata().queries().stepRun(r.runId(), "gate").orElseThrow().state()).isEqualTo(StepStatus.CANCELLED);
    }

    @Test
    void aResumedRunUsesTheDecisionTakenOnTheRunItResumes() throws Exception {
        RecordingListener events = new RecordingListener();
        CountDownLatch gateWaits = waiting(events);
        RunHandle first = start(load("", Map.of()), events, new RunOptions(2, false, home));
        RecordingListener.await(gateWaits);
        first.cancel(); // it stopped while waiting; someone decided afterwards
        first.await();
        StepApproval d = decide(first.runId(), true, "alice", "go");

        RunResult resumed = start(load("", Map.of()), new RecordingListener(),
                new RunOptions(2, false, home).withResume(first.runId())).await();

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(statuses(resumed)).containsEntry("gate", StepStatus.SUCCEEDED).containsEntry("ship", StepStatus.SUCCEEDED);
        StepApproval copied = StepApprovals.of(ws.metadata()).find(resumed.runId(), "gate").orElseThrow();
        assertThat(copied.by()).isEqualTo("alice");
        assertThat(copied.at()).isEqualTo(d.at());
    }

    @Test
    void withoutAWorkspaceTheStepFailsAndSaysWhy() throws Exception {
        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(load("", Map.of()), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("gate").orElseThrow().error().orElseThrow()).contains("needs a workspace");
    }
}
