package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ModelVersion;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.RunTrigger;
import dev.sluice.pipeline.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry as pipeline steps: register, promote, a step reading the champion from the store, and run triggers. */
class RegistryStepsTest {
    @TempDir Path home;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    /** A "model": a folder with one file holding {@code text}. */
    private static Component model(String text) {
        return Component.of(ComponentSpec.builder("fake_model", "1").output("model", PortKind.MODEL).build(), ctx -> {
            Path dir = ctx.outputDir("model");
            Files.writeString(dir.resolve("model.txt"), text);
        });
    }

    private RunResult run(Pipeline p, RunOptions options) {
        RunResult r = new LocalExecutor(options, ws).run(p, RunListener.NONE);
        ws.metadata().writer().flush();
        return r;
    }

    private Pipeline trainRegisterPromote(String text, boolean promote) {
        var b = Pipeline.builder("train")
                .step("train", s -> s.uses(model(text)))
                .step("register", s -> s.uses("register").input("model", "train.model")
                        .with("name", "m").with("alias", "challenger").cache(false));
        if (promote) b.step("promote", s -> s.uses("promote").input("version", "register.version"));
        return b.build();
    }

    @Test
    void promoteMovesTheChampionToTheRegisteredVersionAndRecordsThePrevious() {
        RunResult first = run(trainRegisterPromote("one", true), RunOptions.defaults(home));
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.step("promote").orElseThrow().metrics()).containsEntry("version", 1.0).containsEntry("previous", 0.0);

        RunResult second = run(trainRegisterPromote("two", true), RunOptions.defaults(home));
        assertThat(second.step("promote").orElseThrow().metrics()).containsEntry("version", 2.0).containsEntry("previous", 1.0);
        ModelVersion champion = ws.metadata().models().resolve("m@champion").orElseThrow();
        assertThat(champion.version()).isEqualTo(2);
        assertThat(champion.aliases()).containsExactlyInAnyOrder("champion", "challenger");

        RunResult third = run(trainRegisterPromote("three", false), RunOptions.defaults(home));
        assertThat(third.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ws.metadata().models().resolve("m@champion").orElseThrow().version()).isEqualTo(2);
        assertThat(ws.metadata().models().resolve("m@challenger").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void promoteIsNeverTakenFromTheCacheSoARerunPromotesAgainAfterARollback() {
        run(trainRegisterPromote("one", true), RunOptions.defaults(home));
        run(trainRegisterPromote("two", true), RunOptions.defaults(home));
        ws.metadata().models().alias("m", 1, "champion"); // rollback by hand

        RunResult again = run(trainRegisterPromote("two", true), RunOptions.defaults(home));
        assertThat(again.step("train").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(again.step("promote").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(again.step("promote").orElseThrow().metrics()).containsEntry("previous", 1.0);
        assertThat(ws.metadata().models().resolve("m@champion").orElseThrow().version()).isGreaterThan(1);
    }

    @Test
    void aStepReadsTheRegisteredChampionFromTheStore() {
        run(trainRegisterPromote("the champion", true), RunOptions.defaults(home));
        AtomicReference<String> seen = new AtomicReference<>();
        Component reader = Component.of(ComponentSpec.builder("reader", "1").build(), ctx -> {
            ModelVersion v = ctx.models().orElseThrow().resolve("m@champion").orElseThrow();
            Path dir = ctx.storedArtifact(v.artifactId()).orElseThrow();
            seen.set(Files.readString(dir.resolve("model.txt")));
            assertThat(ctx.storedArtifact("sha256:" + "0".repeat(64))).isEmpty();
        });
        RunResult r = run(Pipeline.builder("read").step("read", s -> s.uses(reader)).build(), RunOptions.defaults(home));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen.get()).isEqualTo("the champion");
    }

    @Test
    void aRunStartedByATriggerRecordsItsCause() {
        RunTrigger cause = RunTrigger.drift("sha256:" + "a".repeat(64), "m@1 drifted on x");
        RunResult r = run(trainRegisterPromote("one", false), RunOptions.defaults(home).withTrigger(cause));
        RunResult byHand = run(trainRegisterPromote("two", false), RunOptions.defaults(home));
        assertThat(ws.metadata().queries().trigger(r.runId())).hasValue(cause);
        assertThat(ws.metadata().queries().trigger(byHand.runId())).isEmpty();
        assertThat(ws.metadata().queries().runsTriggeredBy(cause.artifact().orElseThrow())).isEqualTo(List.of(r.runId()));
        assertThat(ws.metadata().models().resolve("m@1").orElseThrow().runId()).isEqualTo(Optional.of(r.runId()));
    }
}
