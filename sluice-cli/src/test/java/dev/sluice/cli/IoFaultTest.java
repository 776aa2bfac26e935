package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.exec.Workspace;
import dev.sluice.fault.IoFaults;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.RunRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.store.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disk fails under a real {@code sluice run} (a child JVM): the artifact store fills up (a small tmpfs mounted on
 * it; where mounting is impossible, without root, the kernel's ENOSPC is injected instead with
 * {@code SLUICE_IO_FAULT=store.write}, and the test says so on stdout), the store is read-only (a read-only bind
 * mount as root, where permissions do not stop writes; {@code chmod} otherwise), or an fsync fails ({@code
 * SLUICE_IO_FAULT=store.fsync}: EIO, as a failing disk reports it). Each time: exit 1, one line that names what
 * failed and what to do, the run recorded {@code failed} with no step left running, {@code sluice fsck} clean, and
 * the run made before intact.
 */
@Timeout(300)
class IoFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: faults
            params:
              salt: {type: string, default: "0"}
              bytes: {type: int, default: 100, min: 0}
            steps:
              small: {uses: concat, with: {text: "small ${params.salt}\\n"}}
              big:
                run: [sh, -c, 'mkdir -p outputs/out && head -c "$1" /dev/urandom > outputs/out/big.bin', big, "${params.bytes}"]
                outputs: {out: file}
              lines: {uses: count, inputs: {in: small.out}}
            """;

    @TempDir Path work;
    @TempDir Path home;
    private final List<Path> mounts = new ArrayList<>();
    private String earlier;

    @BeforeEach
    void anEarlierRun() throws Exception {
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        Files.createDirectories(home.resolve("store"));
    }

    private void earlierRun() throws IOException {
        Cli.Result r = new Cli(work, Map.of("SLUICE_HOME", home.toString())).run("run", "p.yaml", "-p", "salt=before");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
            earlier = ws.metadata().queries().runs(1).getFirst().id();
        }
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts.reversed()) run("umount", "-l", m.toString());
        mounts.clear();
        home.resolve("store").toFile().setWritable(true, true);
        try (Stream<Path> s = Files.walk(home.resolve("store"))) {
            s.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(true, true));
        }
    }

    @Test
    void aFullStoreFailsTheRunWithOneLineAndCorruptsNothing() throws Exception {
        List<String> jvm = List.of();
        if (run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", home.resolve("store").toString()) == 0) {
            mounts.add(home.resolve("store"));
        } else {
            System.out.println("IoFaultTest: cannot mount a tmpfs here (it needs root); the store's ENOSPC is injected"
                    + " with SLUICE_IO_FAULT=" + IoFaults.STORE_WRITE + " instead");
            jvm = List.of("-Dsluice.ioFault=" + IoFaults.STORE_WRITE);
        }
        earlierRun();

        ChildCli child = new ChildCli(work, home, jvm);
        int code = child.run("run", "p.yaml", "-p", "salt=full", "-p", "bytes=" + 3 * 1024 * 1024);

        assertThat(code).as(child.output()).isEqualTo(1);
        // on the tmpfs only big fails; with the injected fault every store write fails, so small may fail too
        List<String> errors = errorLines(child);
        assertThat(errors).as(child.output()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .matches("step (\\w+) failed: cannot store the outputs of step '\\1': no space left on device .*")
                .endsWith(": free some space (or move SLUICE_HOME to a bigger disk) and resume the run"));
        assertThat(errors).anySatisfy(line -> assertThat(line).startsWith("step big failed: "));
        if (jvm.isEmpty()) assertThat(errors).hasSize(1);
        assertRecordedFailedAndIntact(StepStatus.FAILED);
    }

    @Test
    void aReadOnlyStoreFailsTheRunWithOneLineAndCorruptsNothing() throws Exception {
        earlierRun();
        Path store = home.resolve("store");
        if (run("mount", "--bind", store.toString(), store.toString()) == 0) {
            mounts.add(store);
            assertThat(run("mount", "-o", "remount,ro,bind", store.toString())).isZero();
        } else {
            try (Stream<Path> s = Files.walk(store)) {
                s.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(false, false));
            }
        }

        ChildCli child = new ChildCli(work, home, List.of());
        int code = child.run("run", "p.yaml", "-p", "salt=readonly");

        assertThat(code).as(child.output()).isEqualTo(1);
        assertThat(errorLines(child)).as(child.output()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("step small failed: cannot store the outputs of step 'small': the artifact store at '"
                        + store + "' is not writable (")
                .endsWith("): make it writable, or set SLUICE_HOME to a writable folder, and resume the run"));
        unmount();
        assertRecordedFailedAndIntact(StepStatus.FAILED);
    }

    @Test
    void aFailedFsyncFailsTheRunWithOneLineAndCorruptsNothing() throws Exception {
        earlierRun();

        ChildCli child = new ChildCli(work, home, List.of("-Dsluice.ioFault=" + IoFaults.STORE_FSYNC));
        // 50 kB: more than the metadata database keeps a copy of, so the store must fsync it
        int code = child.run("run", "p.yaml", "-p", "salt=fsync", "-p", "bytes=50000");

        assertThat(code).as(child.output()).isEqualTo(1);
        assertThat(errorLines(child)).as(child.output()).singleElement().satisfies(line -> assertThat(line)
                .matches("ERROR d\\.s\\.exec\\.RunRecorder: run \\S+ is recorded failed: could not record \\d+ metadata"
                        + " record\\(s\\) in .*: what they refer to may not be durable: could not fsync '" + home
                        + "/store/.*' in the artifact store \\(.*: Input/output error\\): what was written there may not"
                        + " be on the disk; check the disk \\(dmesg\\), then run again"));
        assertRecordedFailedAndIntact(StepStatus.FAILED);
        try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
            List<String> succeeded = ws.metadata().queries().stepRuns(ws.metadata().queries().runs(1).getFirst().id())
                    .stream().filter(s -> s.state() == StepStatus.SUCCEEDED).map(StepRunRow::step).toList();
            assertThat(CrashInjectionTest.printedSucceeded(child.out())).as("steps shown succeeded are recorded so")
                    .isSubsetOf(succeeded);
        }
    }

    /** The lines of stderr and of the summary that report an error. */
    private static List<String> errorLines(ChildCli child) throws IOException {
        return child.output().lines().filter(l -> l.startsWith("ERROR") || l.startsWith("WARN ") || l.startsWith("step "))
                .toList();
    }

    private void assertRecordedFailedAndIntact(StepStatus failedStep) throws IOException {
        try (Workspace ws = Workspace.openForReading(home).orElseThrow()) {
            RunRow last = ws.metadata().queries().runs(1).getFirst();
            assertThat(last.id()).isNotEqualTo(earlier);
            assertThat(last.state()).isEqualTo(RunStatus.FAILED);
            assertThat(ws.metadata().queries().stepRuns(last.id())).extracting(StepRunRow::state)
                    .doesNotContain(StepStatus.RUNNING).contains(failedStep);
            assertThat(ws.metadata().queries().run(earlier).orElseThrow().state()).isEqualTo(RunStatus.SUCCEEDED);
            for (StepRunRow s : ws.metadata().queries().stepRuns(earlier)) {
                assertThat(s.state()).isEqualTo(StepStatus.SUCCEEDED);
                for (OutputRow out : s.outputs()) {
                    assertThat(ws.store().verify(Digest.parse(out.artifactId()))).as(s.step() + "." + out.port()).isTrue();
                }
            }
        }
        Cli.Result fsck = new Cli(work, Map.of("SLUICE_HOME", home.toString())).run("fsck", "--json");
        JsonNode report = JSON.readTree(fsck.out());
        assertThat(report.path("problems")).as(fsck.out() + fsck.err()).isEmpty();
        assertThat(fsck.code()).isZero();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            return -1; // no such program
        }
    }
}
