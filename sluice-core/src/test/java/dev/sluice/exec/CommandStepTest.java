package dev.sluice.exec;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.PortKind;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.sluice.exec.TestPipelines.pipeline;
import static dev.sluice.exec.TestPipelines.step;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class CommandStepTest {
    @TempDir Path home;
    @TempDir Path base;

    private static final String TRAIN = """
            import json, os, sys
            args = sys.argv[1:]
            n = int(args[args.index('--n') + 1])
            folder = 'inputs/data'
            names = os.listdir(folder)
            text = open(os.path.join(folder, names[0])).read()
            os.makedirs('outputs/model', exist_ok=True)
            with open('outputs/model/model.txt', 'w') as f:
                f.write(text.upper() * n)
            with open('outputs/info/info.json', 'w') as f:
                json.dump({'argv': args, 'param_n': os.environ.get('SLUICE_PARAM_N'),
                           'input': os.environ.get('SLUICE_INPUT_DATA'), 'step': os.environ.get('SLUICE_STEP'),
                           'cwd': os.getcwd(), 'greeting': os.environ.get('GREETING')}, f)
            print('starting training')
            print(json.dumps({'loss': 0.25, 'epochs': n, 'name': 'ignored'}))
            print('  {"auc": 0.9}  ')
            print('{not json')
            print('a warning', file=sys.stderr)
            """;

    @Test
    void aPythonScriptReadsInputsWritesOutputsAndReportsMetrics() throws Exception {
        Files.writeString(base.resolve("train.py"), TRAIN);
        var readSpec = ComponentSpec.builder("read", "1").input("model", PortKind.MODEL).output("text", PortKind.VALUE).build();
        var writeSpec = ComponentSpec.builder("write", "1").output("data", PortKind.TABLE).build();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base,
                step("load").java(writeSpec, ctx -> Files.writeString(ctx.outputFile("data", "data.csv"), "ab")).build(),
                step("train").command("python3", "train.py", "--n", "${with.n}").with("n", 2L)
                        .env("GREETING", "hello ${with.n}")
                        .input("data", PortKind.TABLE, "load.data")
                        .output("model", PortKind.MODEL).output("info", PortKind.FILE).build(),
                step("read").java(readSpec, ctx -> ctx.outputValue("text", Files.readString(ctx.input("model"))))
                        .input("model", PortKind.MODEL, "train.model").build()), RunListener.NONE);

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        StepResult train = r.step("train").orElseThrow();
        Path model = (Path) train.outputs().get("model");
        assertThat(model).hasFileName("model.txt").hasContent("ABAB");
        assertThat(train.metrics()).isEqualTo(Map.of("loss", 0.25, "epochs", 2.0, "auc", 0.9));
        Map<?, ?> info = CommandFiles.JSON.readValue(((Path) train.outputs().get("info")).toFile(), Map.class);
        Path work = r.runDir().resolve("steps/train/work");
        assertThat(info.get("argv")).isEqualTo(java.util.List.of("--n", "2"));
        assertThat(info.get("param_n")).isEqualTo("2");
        assertThat(info.get("input")).isEqualTo(work.resolve("inputs/data/data.csv").toString());
        assertThat(info.get("step")).isEqualTo("train");
        assertThat(info.get("greeting")).isEqualTo("hello 2");
        assertThat(Path.of((String) info.get("cwd")).toRealPath()).isEqualTo(work.toRealPath());
        assertThat(train.log()).hasValue(r.runDir().resolve("steps/train/log.txt"));
        assertThat(train.log().orElseThrow()).content()
                .contains("python3 " + base.resolve("train.py") + " --n 2")
                .contains("starting training").contains("{not json").contains("a warning");
        assertThat(r.step("read").orElseThrow().outputs()).containsEntry("text", "ABAB");
    }

    @Test
    void aNonZeroExitFailsTheStepWithTheExitCodeAndLastOutput() throws Exception {
        Files.writeString(base.resolve("fail.py"), "import sys\nprint('reading data')\nprint('bad row 7', file=sys.stderr)\nsys.exit(3)\n");
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("fail").command("python3", "fail.py").build()), RunListener.NONE);

        StepResult s = r.step("fail").orElseThrow();
        assertThat(s.status()).isEqualTo(StepStatus.FAILED);
        assertThat(s.error().orElseThrow()).startsWith("exit code 3; last output: ").contains("bad row 7").contains("reading data");
    }

    @Test
    void anEmptyOutputFolderFailsWithWhereToWrite() throws Exception {
        Files.writeString(base.resolve("nothing.py"), "print('done')\n");
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("quiet").command("python3", "nothing.py").output("model", PortKind.MODEL).build()), RunListener.NONE);

        assertThat(r.step("quiet").orElseThrow().error())
                .hasValue("step 'quiet' did not write output 'model': write files under outputs/model/");
    }

    @Test
    void aValueOutputIsReadAsJsonAndAValueInputArrivesAsValueJson() throws Exception {
        Files.writeString(base.resolve("value.py"), """
                import json, os
                print(open('inputs/v/value.json').read())
                open('outputs/out/x.json', 'w').write(json.dumps({'best': 'gbdt', 'n': 3}))
                """);
        var spec = ComponentSpec.builder("v", "1").output("v", PortKind.VALUE).build();
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("v").java(spec, ctx -> ctx.outputValue("v", Map.of("k", 1))).build(),
                step("cmd").command("python3", "value.py").input("v", PortKind.VALUE, "v.v").output("out", PortKind.VALUE).build()),
                RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("cmd").orElseThrow().outputs().get("out")).isEqualTo(Map.of("best", "gbdt", "n", 3L));
        assertThat(r.step("cmd").orElseThrow().log().orElseThrow()).content().contains("{\"k\":1}");
    }

    @Test
    void anUnknownProgramFailsWithAHint() {
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("x").command("no-such-program-sluice").build()), RunListener.NONE);
        assertThat(r.step("x").orElseThrow().error().orElseThrow())
                .startsWith("cannot start 'no-such-program-sluice'").endsWith("check that the program is installed and on PATH (or give its path)");
    }

    private static final String SPAWNER = """
            import subprocess, sys, time
            child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])
            with open(sys.argv[1] + '.tmp', 'w') as f:
                f.write('%d %d' % (__import__('os').getpid(), child.pid))
            __import__('os').rename(sys.argv[1] + '.tmp', sys.argv[1])
            print('spawned', flush=True)
            time.sleep(300)
            """;

    @Test
    void aTimedOutCommandHasItsWholeProcessTreeKilled() throws Exception {
        Files.writeString(base.resolve("spawn.py"), SPAWNER);
        Path pids = base.resolve("pids.txt");
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("spawn").timeout(Duration.ofSeconds(5)).command("python3", "spawn.py", pids.toString()).build()),
                RunListener.NONE);

        assertThat(r.step("spawn").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("spawn").orElseThrow().error()).hasValue("timed out after 5s");
        assertDead(pids);
    }

    @Test
    void cancellingARunKillsTheCommandTreeAndCancelsPendingSteps() throws Exception {
        Files.writeString(base.resolve("spawn.py"), SPAWNER);
        Path pids = base.resolve("pids.txt");
        RecordingListener events = new RecordingListener();
        CountDownLatch started = events.on(e -> e instanceof RunEvent.StepStarted s && s.step().equals("spawn"));
        RunHandle h = new LocalExecutor(new RunOptions(2, false, home)).start(pipeline(base,
                step("spawn").command("python3", "spawn.py", pids.toString()).build(),
                step("next").after("spawn").build(),
                step("last").after("next").build()), events);
        RecordingListener.await(started);
        waitFor(pids);

        h.cancel();
        h.cancel();
        RunResult r = h.await();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.steps()).extracting(StepResult::status).containsOnly(StepStatus.CANCELLED);
        assertThat(events.ofType(RunEvent.StepCancelled.class)).hasSize(3);
        assertThat(events.events().getLast()).isInstanceOf(RunEvent.RunFinished.class);
        assertDead(pids);
    }

    @Test
    void aBackgroundProcessAStepLeavesRunningIsKilledWhenTheStepEnds() throws Exception {
        Files.writeString(base.resolve("leave.py"), """
                import subprocess, sys
                sleeper = subprocess.Popen(['sleep', '301'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                open(sys.argv[1], 'w').write(str(sleeper.pid))
                print('left sleep running')
                """);
        Path pids = base.resolve("pids.txt");
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("leave").command("python3", "leave.py", pids.toString()).build()), RunListener.NONE);

        assertThat(r.step("leave").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        String pid = Files.readString(pids).trim();
        assertDead(pids);
        assertThat(r.step("leave").orElseThrow().log().orElseThrow()).content()
                .contains("[sluice: killed 1 process the step left running: " + pid + " (sleep)]");
    }

    private static final String DAEMON = """
            import os, sys, time
            if os.fork() == 0:
                if os.fork() == 0:
                    with open(sys.argv[1] + '.tmp', 'w') as f:
                        f.write(str(os.getpid()))
                    os.rename(sys.argv[1] + '.tmp', sys.argv[1])
                    time.sleep(300)
                os._exit(0)
            time.sleep(300)
            """;

    @Test
    void aCancelledCommandHasItsDaemonsKilledToo() throws Exception {
        Files.writeString(base.resolve("daemon.py"), DAEMON);
        Path pids = base.resolve("pids.txt");
        RunHandle h = new LocalExecutor(new RunOptions(1, false, home)).start(pipeline(base,
                step("daemon").command("python3", "daemon.py", pids.toString()).build()),
                RunListener.NONE);
        waitFor(pids);

        h.cancel();
        RunResult r = h.await();

        assertThat(r.step("daemon").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertDead(pids);
    }

    @Test
    void killingARunsProcessesKillsEachCommandAndWhatItStartedAtOnce() throws Exception {
        Files.writeString(base.resolve("spawn.py"), SPAWNER);
        Path pids = base.resolve("pids.txt");
        RunHandle h = new LocalExecutor(new RunOptions(1, false, home)).start(pipeline(base,
                step("spawn").command("python3", "spawn.py", pids.toString()).build()), RunListener.NONE);
        waitFor(pids);

        h.killProcesses(); // what a second Ctrl-C does before the process halts

        assertDead(pids);
        assertThat(h.await().step("spawn").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    }

    private static void waitFor(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) throw new AssertionError(file + " was not written within 20s");
            Thread.sleep(20);
        }
    }

    private static void assertDead(Path pidFile) throws Exception {
        String[] pids = Files.readString(pidFile).trim().split(" ");
        for (String pid : pids) {
            var handle = ProcessHandle.of(Long.parseLong(pid));
            if (handle.isPresent()) {
                try {
                    handle.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    handle.get().destroyForcibly();
                    throw new AssertionError("process " + pid + " still alive 10s after the step ended");
                }
            }
            assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)).as("process " + pid).isNotEqualTo(java.util.Optional.of(true));
        }
    }

    @Test
    void aThreeHundredMegabyteLineIsLoggedCutAndNeverReadAsMetrics() throws Exception {
        Files.writeString(base.resolve("long.py"), """
                import sys
                sys.stdout.write('{"auc": 0.5, "pad": "')
                for i in range(300):
                    sys.stdout.write('x' * 1000000)
                sys.stdout.write('"}\\n')
                print('{"loss": 0.25}')
                """);
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("long").command("python3", "long.py").build()), RunListener.NONE);

        StepResult step = r.step("long").orElseThrow();
        assertThat(step.status()).as(r.toString()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step.metrics()).isEqualTo(Map.of("loss", 0.25));
        Path log = step.log().orElseThrow();
        assertThat(Files.size(log)).isLessThan(2L << 20);
        java.util.List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(1)).startsWith("{\"auc\": 0.5, \"pad\": \"xxxx")
                .endsWith("x [line cut: 300000023 bytes in all; only the first 1048576 are logged]");
        assertThat(lines.get(2)).isEqualTo("{\"loss\": 0.25}");
    }

    @Test
    void aLogPastItsBoundKeepsItsHeadAndTailAndSaysWhatWasDropped() throws Exception {
        Files.writeString(base.resolve("chatty.py"), """
                import sys
                pad = 'x' * 93
                for i in range(1000000):
                    sys.stdout.write('%06d %s\\n' % (i, pad))
                """);
        RunResult r = new LocalExecutor(new RunOptions(1, false, home)).run(pipeline(base,
                step("chatty").command("python3", "chatty.py").build()), RunListener.NONE);

        assertThat(r.step("chatty").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        Path log = r.step("chatty").orElseThrow().log().orElseThrow();
        assertThat(Files.size(log)).isBetween(48L << 20, 64L << 20);
        java.util.List<String> lines = Files.readAllLines(log);
        assertThat(lines.getFirst()).startsWith("$ python3 ");
        int marker = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("[... ")) marker = i;
        }
        assertThat(marker).as("a line saying what was dropped").isPositive();
        int lastHead = Integer.parseInt(lines.get(marker - 1).substring(0, 6));
        int firstTail = Integer.parseInt(lines.get(marker + 1).substring(0, 6));
        long dropped = firstTail - lastHead - 1;
        assertThat(lines.get(marker)).isEqualTo("[... " + dropped * 101 + " bytes in " + dropped + " lines dropped here:"
                + " a step's log keeps its first 32 MiB and its last 16 MiB to 32 MiB ...]");
        assertThat(lines.get(1)).startsWith("000000 ");
        assertThat(lines.getLast()).startsWith("999999 ");
        for (int i = 2; i < lines.size(); i++) {
            if (i == marker || i == marker + 1) continue;
            assertThat(Integer.parseInt(lines.get(i).substring(0, 6))).as("line %d follows line %d", i, i - 1)
                    .isEqualTo(Integer.parseInt(lines.get(i - 1).substring(0, 6)) + 1);
        }
    }

    @Test
    void fanInAndFolderInputsAreStagedAsFiles() throws Exception {
        Files.writeString(base.resolve("list.py"), """
                import os
                for root, dirs, files in sorted(os.walk('inputs')):
                    for f in sorted(files):
                        p = os.path.join(root, f)
                        print(p + '=' + open(p).read())
                print('env=' + os.environ['SLUICE_INPUT_PARTS'])
                """);
        var file = ComponentSpec.builder("f", "1").output("out", PortKind.FILE).build();
        var folder = ComponentSpec.builder("d", "1").output("dir", PortKind.FOLDER).build();
        RunResult r = new LocalExecutor(new RunOptions(2, false, home)).run(pipeline(base,
                step("a").java(file, ctx -> Files.writeString(ctx.outputFile("out", "a.txt"), "A")).build(),
                step("b").java(file, ctx -> Files.writeString(ctx.outputFile("out", "b.txt"), "B")).build(),
                step("d").java(folder, ctx -> {
                    Path dir = ctx.outputDir("dir");
                    Files.createDirectories(dir.resolve("sub"));
                    Files.writeString(dir.resolve("sub/x.txt"), "X");
                }).build(),
                step("list").command("python3", "list.py")
                        .input(new dev.sluice.api.PortSpec("parts", PortKind.FILE, true, false, ""), "a.out", "b.out")
                        .input("tree", PortKind.FOLDER, "d.dir").build()), RunListener.NONE);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.step("list").orElseThrow().log().orElseThrow()).content()
                .contains("inputs/parts/0/a.txt=A").contains("inputs/parts/1/b.txt=B").contains("inputs/tree/sub/x.txt=X")
                .contains("env=" + r.runDir().resolve("steps/list/work/inputs/parts"));
    }
}
