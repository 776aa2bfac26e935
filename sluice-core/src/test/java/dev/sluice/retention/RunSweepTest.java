package dev.sluice.retention;

import dev.sluice.api.RunStatus;
import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.exec.LocalExecutor;
import dev.sluice.exec.RunListener;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.RunRow;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.pipeline.Retention;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention sweeps over a workspace of real runs: what goes, what stays and why, and what is left on disk. */
class RunSweepTest {
    private static final String TINY = """
            pipeline: tiny
            retention: {keep_last: 2}
            params:
              n: {type: int, default: 1}
            steps:
              a: {uses: concat, with: {text: "run ${params.n}\\n"}}
              b: {uses: count, inputs: {in: a.out}}
            """;

    @TempDir Path home;
    @TempDir Path project;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private RunResult runYaml(String yaml, int n) throws Exception {
        Path file = project.resolve(yaml.lines().findFirst().orElseThrow().substring("pipeline: ".length()) + ".yaml");
        Files.writeString(file, yaml);
        Pipeline p = new PipelineValidator(ComponentRegistry.defaults())
                .validate(new YamlPipelineLoader().load(file), Map.of("n", String.valueOf(n)));
        return run(p);
    }

    private RunResult run(Pipeline p) {
        RunResult r = new LocalExecutor(RunOptions.defaults(home), ws).run(p, RunListener.NONE);
        ws.metadata().writer().flush();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        return r;
    }

    /** A log file in the run's folder, as a step that logs leaves. */
    private Path logIn(RunResult r) throws Exception {
        Path log = home.resolve("runs").resolve(r.runId()).resolve("steps/a/log.txt");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "x".repeat(5000));
        return log;
    }

    private RunSweep sweep(Optional<Retention> fallback, Clock clock) {
        return new RunSweep(home, ws.metadata(), fallback, List.of(), clock);
    }

    @Test
    void keepsTheNewestRunsItsPipelineDeclaresAndDeletesTheOthersWithTheirRowsAndFolders() throws Exception {
        List<RunResult> tiny = new java.util.ArrayList<>();
        for (int n = 1; n <= 5; n++) tiny.add(runYaml(TINY, n));
        RunResult other = runYaml(TINY.replace("pipeline: tiny\nretention: {keep_last: 2}\n", "pipeline: other\n"), 9);
        Path oldLog = logIn(tiny.getFirst());
        Path newLog = logIn(tiny.getLast());
        Set<String> artifactsBefore = ws.metadata().retention().referencedArtifacts(Set.of());

        SweepPlan plan = sweep(Optional.empty(), Clock.systemUTC()).plan();

        assertThat(plan.doomed()).extracting(d -> d.run().id())
                .containsExactly(tiny.get(0).runId(), tiny.get(1).runId(), tiny.get(2).runId());
        assertThat(plan.spared()).isEmpty();
        assertThat(plan.doomed().getLast().why()).startsWith("number 3 of tiny from the newest, ended 0 days ago;"
                + " retention {keep_last: 2}");
        assertThat(plan.policies()).containsExactly(
                new SweepPlan.Policy("other", Optional.empty(), SweepPlan.Source.NONE),
                new SweepPlan.Policy("tiny", Optional.of(Retention.last(2)), SweepPlan.Source.PIPELINE));
        assertThat(plan.doomed().getFirst().folder().bytes()).isGreaterThanOrEqualTo(5000);
        assertThat(ws.metadata().queries().runs(100)).as("a plan changes nothing").hasSize(6);

        RunSweep.Result done = sweep(Optional.empty(), Clock.systemUTC()).apply(plan);

        assertThat(done.deleted()).hasSize(3);
        assertThat(done.skipped()).isEmpty();
        assertThat(done.freed().bytes()).isGreaterThanOrEqualTo(5000);
        assertThat(ws.metadata().queries().runs(100)).extracting(RunRow::id).containsExactlyInAnyOrder(
                tiny.get(3).runId(), tiny.get(4).runId(), other.runId());
        assertThat(ws.metadata().queries().stepRuns(tiny.getFirst().runId())).isEmpty();
        assertThat(home.resolve("runs").resolve(tiny.getFirst().runId())).doesNotExist();
        assertThat(oldLog).doesNotExist();
        assertThat(newLog).exists();
        Set<String> artifactsAfter = ws.metadata().retention().referencedArtifacts(Set.of());
        assertThat(artifactsBefore).containsAll(artifactsAfter);
        assertThat(artifactsBefore.size() - artifactsAfter.size()).as("each deleted run's own outputs").isGreaterThanOrEqualTo(3);
        assertThat(sweep(Optional.empty(), Clock.systemUTC()).plan().isEmpty()).as("nothing more to do").isTrue();
    }

    /** A "model": a folder with one file holding {@code text}. */
    private static Component model(String text) {
        return Component.of(ComponentSpec.builder("fake_model", "1").output("model", PortKind.MODEL).build(), ctx ->
                Files.writeString(ctx.outputDir("model").resolve("model.txt"), text));
    }

    @Test
    void aPinnedRunAndTheRunsARegisteredModelNeedsStayWithTheReason() {
        RunResult registered = run(Pipeline.builder("train").step("train", s -> s.uses(model("one")))
                .step("register", s -> s.uses("register").input("model", "train.model").with("name", "m")).build());
        RunResult pinned = run(Pipeline.builder("train").step("train", s -> s.uses(model("two"))).build());
        RunResult plain = run(Pipeline.builder("train").step("train", s -> s.uses(model("three"))).build());
        RunResult newest = run(Pipeline.builder("train").step("train", s -> s.uses(model("four"))).build());
        ws.metadata().retention().pin(pinned.runId(), "cli:test", Instant.now());

        SweepPlan plan = sweep(Optional.of(Retention.last(1)), Clock.systemUTC()).plan();

        assertThat(plan.policies()).containsExactly(
                new SweepPlan.Policy("train", Optional.of(Retention.last(1)), SweepPlan.Source.DEFAULT));
        assertThat(plan.doomed()).extracting(d -> d.run().id()).containsExactly(plain.runId());
        assertThat(plan.spared()).extracting(s -> s.run().id() + ": " + s.why()).containsExactly(
                registered.runId() + ": registered model m v1", pinned.runId() + ": pinned");
        sweep(Optional.of(Retention.last(1)), Clock.systemUTC()).apply(plan);
        assertThat(ws.metadata().queries().runs(10)).extracting(RunRow::id)
                .containsExactlyInAnyOrder(registered.runId(), pinned.runId(), newest.runId());
        assertThat(ws.metadata().models().resolve("m").orElseThrow().version()).isEqualTo(1);
        assertThat(ws.metadata().lineage().upstream(ws.metadata().models().resolve("m").orElseThrow().artifactId()).nodes())
                .as("the model's lineage is whole").isNotEmpty();
    }

    @Test
    void aRunReusedFromTheCacheByAKeptRunStays() {
        RunResult source = run(Pipeline.builder("train").step("train", s -> s.uses(model("same"))).build());
        RunResult middle = run(Pipeline.builder("train").step("train", s -> s.uses(model("other"))).build());
        RunResult reuser = run(Pipeline.builder("train").step("train", s -> s.uses(model("same"))).build());
        assertThat(reuser.step("train").orElseThrow().status()).as("a cache hit").isEqualTo(dev.sluice.api.StepStatus.CACHED);

        SweepPlan plan = sweep(Optional.of(Retention.last(1)), Clock.systemUTC()).plan();

        assertThat(plan.doomed()).extracting(d -> d.run().id()).containsExactly(middle.runId());
        assertThat(plan.spared()).extracting(s -> s.run().id() + ": " + s.why())
                .containsExactly(source.runId() + ": cache source of run " + reuser.runId());
    }

    @Test
    void keepDaysCountsFromWhenARunEnded() throws Exception {
        RunResult r = runYaml(TINY.replace("retention: {keep_last: 2}\n", ""), 1);
        Clock nineDaysOn = Clock.fixed(Instant.now().plus(Duration.ofDays(9)), ZoneOffset.UTC);

        assertThat(sweep(Optional.of(Retention.days(10)), nineDaysOn).plan().doomed()).isEmpty();
        SweepPlan plan = sweep(Optional.of(Retention.days(7)), nineDaysOn).plan();
        assertThat(plan.doomed()).extracting(d -> d.run().id()).containsExactly(r.runId());
        assertThat(plan.doomed().getFirst().why()).isEqualTo("number 1 of tiny from the newest, ended 9 days ago;"
                + " retention {keep_days: 7}");
        assertThat(sweep(Optional.empty(), nineDaysOn).plan().doomed()).as("no policy: everything stays").isEmpty();
    }

    @Test
    void removesFoldersLeftWithoutARunOnceTheyAreAnHourOldAndNeverFollowsLinks() throws Exception {
        Path runs = Files.createDirectories(home.resolve("runs"));
        Path old = Files.createDirectories(runs.resolve("20200101-000000-abcd/steps/a"));
        Path outside = Files.writeString(project.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(old.resolve("link"), outside);
        Files.createSymbolicLink(old.resolve("dirlink"), project);
        Path readOnly = Files.createDirectories(old.resolve("ro"));
        Files.writeString(readOnly.resolve("f"), "x");
        readOnly.toFile().setWritable(false);
        Files.setLastModifiedTime(runs.resolve("20200101-000000-abcd"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path young = Files.createDirectories(runs.resolve("20200101-000000-beef"));
        Path notARun = Files.createDirectories(runs.resolve("scratch"));
        Files.setLastModifiedTime(notARun, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        SweepPlan plan = sweep(Optional.empty(), Clock.systemUTC()).plan();
        assertThat(plan.orphans()).extracting(SweepPlan.Orphan::path).containsExactly(runs.resolve("20200101-000000-abcd"));
        sweep(Optional.empty(), Clock.systemUTC()).apply(plan);

        assertThat(runs.resolve("20200101-000000-abcd")).doesNotExist();
        assertThat(outside).hasContent("keep me");
        assertThat(project).isDirectory();
        assertThat(young).isDirectory();
        assertThat(notARun).isDirectory();
    }
}
