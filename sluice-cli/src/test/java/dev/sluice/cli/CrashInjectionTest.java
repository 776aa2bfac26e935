package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.fault.CrashPoints;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 at injected points of the durable path ({@link CrashPoints}: a blob staged, before and after its rename, a
 * manifest renamed, a group commit before its store sync, half-way through its transaction, before and after its
 * commit), one seeded choice of point and hit per run of a real {@code sluice run} in a child JVM, on a small pipeline
 * of in-process steps and command steps with a matrix and a folder output. After each crash: every step recorded
 * succeeded still is, with its outputs in the store and hashing to their ids; every step the CLI printed as succeeded
 * is recorded succeeded; {@code sluice fsck} is clean; the run reads interrupted; {@code --resume} takes the recorded
 * steps from the crashed run, runs only the others, and succeeds; the run made before the crash is intact.
 *
 * <p>{@value #DEFAULT_SEEDS} seeds in the build; {@code -Dsluice.crashSeeds=1000} (what {@code .ci/run long} runs)
 * for more, {@code -Dsluice.crashFirstSeed=S -Dsluice.crashSeeds=1} to replay seed S. Each seed starts from a copy of
 * one workspace made once.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class CrashInjectionTest {
    static final int DEFAULT_SEEDS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: crash
            params:
              salt: {type: string, default: "0"}
            steps:
              gen: {uses: concat, with: {text: "salt ${params.salt}\\n"}}
              part:
                run: [sh, -c, 'mkdir -p outputs/out && cat "$1" > outputs/out/part.txt && echo "part $2" >> outputs/out/part.txt',
                      part, "${inputs.data}", "${matrix.n}"]
                inputs: {data: gen.out}
                outputs: {out: file}
                matrix: {n: [1, 2, 3]}
              tree:
                run: [sh, -c, 'mkdir -p outputs/dir/sub && cp "$1" outputs/dir/a.txt && echo tree > outputs/dir/sub/b.txt',
                      tree, "${inputs.data}"]
                inputs: {data: gen.out}
                outputs: {dir: folder}
              whole: {uses: concat, inputs: {parts: "part[*].out"}, with: {text: "whole\\n"}}
              lines: {uses: count, inputs: {in: whole.out}, checks: {lines: ">= 4"}}
            """;
    /** Hits tried per point: about what one run of the pipeline reaches (a run that never reaches it just ends). */
    private static final Map<String, Integer> MAX_HIT = Map.of(CrashPoints.STORE_BLOB_STAGED, 9,
            CrashPoints.STORE_BEFORE_RENAME, 9, CrashPoints.STORE_AFTER_RENAME, 9, CrashPoints.STORE_MANIFEST_RENAMED, 1,
            CrashPoints.META_BEFORE_SYNC, 6, CrashPoints.META_MID_COMMIT, 6, CrashPoints.META_BEFORE_COMMIT, 6,
            CrashPoints.META_AFTER_COMMIT, 6);
    /** A plain progress line: two spaces, the step, its state. */
    private static final Pattern PRINTED = Pattern.compile("^  (\\S+)\\s+(succeeded|cached)\\b");

    private static Path root;
    private static Path template;
    private static String templateRun;
    private static final AtomicInteger crashed = new AtomicInteger();
    private static final AtomicInteger ran = new AtomicInteger();

    @BeforeAll
    static void template() throws IOException {
        root = Files.createTempDirectory("sluice-crash-");
        Path work = Files.createDirectories(root.resolve("template-work"));
        template = root.resolve("template-home");
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        Cli.Result r = cli(work, template).run("run", "p.yaml", "-p", "salt=template");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        try (Workspace ws = Workspace.open(template)) {
            templateRun = ws.metadata().queries().runs(1).getFirst().id();
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (ran.get() >= 20) {
            assertThat(crashed.get()).as("seeded runs that really crashed, of %d", ran.get())
                    .isGreaterThanOrEqualTo(ran.get() / 2);
        }
        if (root != null) deleteTree(root);
    }

    private static Cli cli(Path work, Path home) {
        return new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    @TestFactory
    Stream<DynamicTest> killNineAtAnInjectedPointLosesNothingCommittedAndResumes() {
        int seeds = Integer.getInteger("sluice.crashSeeds", DEFAULT_SEEDS);
        int first = Integer.getInteger("sluice.crashFirstSeed", 1);
        return IntStream.range(first, first + seeds).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            String point = CrashPoints.ALL.get(rnd.nextInt(CrashPoints.ALL.size()));
            int hit = 1 + rnd.nextInt(MAX_HIT.get(point));
            int workers = 1 + rnd.nextInt(2);
            return DynamicTest.dynamicTest("seed " + seed + ": " + point + ":" + hit + ", " + workers + " workers",
                    () -> crashAndCheck(seed, point, hit, workers));
        });
    }

    private void crashAndCheck(int seed, String point, int hit, int workers) throws Exception {
        Path work = Files.createDirectories(root.resolve("work-" + seed));
        Path home = root.resolve("home-" + seed);
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        copyTree(template, home);
        ChildCli child = new ChildCli(work, home, List.of("-Dsluice.crashAt=" + point + ":" + hit,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        int code = child.run("run", "p.yaml", "-p", "salt=" + seed, "--workers", String.valueOf(workers));
        ran.incrementAndGet();
        assertThat(code).as("exit code; output:\n%s", child.output()).isIn(0, CrashPoints.EXIT_CODE);
        boolean died = code == CrashPoints.EXIT_CODE;
        if (died) crashed.incrementAndGet();
        Set<String> printed = printedSucceeded(child.out());
        System.out.printf("seed %d: %s:%d, %d workers: %s, printed %s%n", seed, point, hit, workers,
                died ? "killed" : "not reached, ran to the end", printed);

        String runId;
        Map<String, StepStatus> before;
        try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
            List<RunRow> runs = ws.metadata().queries().runs(5);
            if (runs.size() == 1) {
                // the crash came before the run's first record was committed: nothing of it is recorded, nothing printed
                assertThat(printed).as("printed before a crash that left no record of the run").isEmpty();
                assertFsckClean(work, home);
                assertTemplateIntact(ws);
                return;
            }
            RunRow run = runs.getFirst();
            runId = run.id();
            assertThat(run.state()).isEqualTo(died ? RunStatus.INTERRUPTED : RunStatus.SUCCEEDED);
            before = recordedStates(ws, runId);
            assertThat(before.entrySet().stream().filter(e -> e.getValue() == StepStatus.SUCCEEDED).map(Map.Entry::getKey))
                    .as("every step printed succeeded is recorded succeeded (recorded: %s)", before)
                    .containsAll(printed);
            for (StepRunRow s : ws.metadata().queries().stepRuns(runId)) {
                if (s.state() == StepStatus.SUCCEEDED) assertOutputsIntact(ws, s);
            }
            assertTemplateIntact(ws);
        }
        assertFsckClean(work, home);
        if (!died) return;

        Cli.Result resumed = cli(work, home).run("run", "p.yaml", "-p", "salt=" + seed, "--resume", runId);
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
            RunRow again = ws.metadata().queries().runs(1).getFirst();
            assertThat(again.state()).isEqualTo(RunStatus.SUCCEEDED);
            Map<String, StepStatus> after = recordedStates(ws, again.id());
            Map<String, StepStatus> expected = new TreeMap<>();
            for (String step : after.keySet()) {
                expected.put(step, before.get(step) == StepStatus.SUCCEEDED ? StepStatus.CACHED : StepStatus.SUCCEEDED);
            }
            assertThat(after).as("the resumed run reuses exactly the steps recorded succeeded before the crash (%s)", before)
                    .isEqualTo(expected);
            for (StepRunRow s : ws.metadata().queries().stepRuns(again.id())) assertOutputsIntact(ws, s);
            assertTemplateIntact(ws);
        }
        assertFsckClean(work, home);
        deleteTree(home);
        deleteTree(work);
    }

    /** The steps the CLI printed as succeeded (or cached), from its plain progress lines. */
    static Set<String> printedSucceeded(String out) {
        Set<String> steps = new TreeSet<>();
        for (String line : out.split("\n")) {
            Matcher m = PRINTED.matcher(line);
            if (m.find()) steps.add(m.group(1));
        }
        return steps;
    }

    private static Map<String, StepStatus> recordedStates(Workspace ws, String runId) {
        Map<String, StepStatus> states = new TreeMap<>();
        for (StepRunRow s : ws.metadata().queries().stepRuns(runId)) states.put(s.step(), s.state());
        return states;
    }

    /** Each output is in the store, and hashes to its id: a file by its bytes, a folder through the store's check. */
    private static void assertOutputsIntact(Workspace ws, StepRunRow s) throws IOException {
        assertThat(s.outputs()).as("outputs of %s", s.step()).isNotEmpty();
        for (OutputRow out : s.outputs()) {
            Digest d = Digest.parse(out.artifactId());
            Path p = ws.store().path(d).orElseThrow(() -> new AssertionError(s.step() + "." + out.port() + " ("
                    + out.artifactId() + ") is recorded but not in the store"));
            if (Files.isRegularFile(p)) {
                assertThat(sha256(p)).as("%s.%s", s.step(), out.port()).isEqualTo(d.hex());
            } else {
                assertThat(ws.store().verify(d)).as("folder %s.%s verifies", s.step(), out.port()).isTrue();
            }
        }
    }

    private static void assertTemplateIntact(Workspace ws) throws IOException {
        assertThat(ws.metadata().queries().run(templateRun).orElseThrow().state()).isEqualTo(RunStatus.SUCCEEDED);
        List<StepRunRow> steps = ws.metadata().queries().stepRuns(templateRun);
        assertThat(steps).hasSize(7);
        for (StepRunRow s : steps) assertOutputsIntact(ws, s);
    }

    private static void assertFsckClean(Path work, Path home) throws IOException {
        Cli.Result fsck = cli(work, home).run("fsck", "--json");
        JsonNode report = JSON.readTree(fsck.out());
        assertThat(report.path("problems")).as("sluice fsck: %s%s", fsck.out(), fsck.err()).isEmpty();
        assertThat(fsck.code()).isZero();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a folder tree, read-only store folders included. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) p.toFile().setWritable(true, true);
        }
        for (Path p : all.reversed()) Files.deleteIfExists(p);
    }

    /** Copies a workspace, keeping the store's read-only modes. */
    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(target);
            else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
