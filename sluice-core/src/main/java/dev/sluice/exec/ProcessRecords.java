package dev.sluice.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which command-step sessions a run has running, on disk, so that a run whose Sluice process died (kill -9, a
 * crash) can have its stragglers killed by the next run in the same home, {@code --resume} included.
 *
 * <p>While a command step runs, {@code <run>/processes/<sid>} names its session (see {@link ProcessSessions}) and
 * step; {@code <home>/live/<runId>} says which process owns the run (pid and start time) and is there while the run
 * has a session recorded, so a new run looks only at runs that may have left something behind. {@link #sweep}
 * kills the sessions of runs whose owner is gone, but only processes that carry the run's {@code SLUICE_RUN_ID}
 * (a session id can be reused once its processes are gone). Thread-safe.
 */
final class ProcessRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRecords.class);

    private final Path live;
    private final Path dir;
    private final String runId;
    private boolean marked;

    ProcessRecords(Path home, RunFolder run) {
        this.live = home.toAbsolutePath().resolve("live").resolve(run.runId());
        this.dir = run.dir().resolve("processes");
        this.runId = run.runId();
    }

    /** Records that {@code step} runs in session {@code sid}; best effort (a failure is logged). */
    synchronized void started(long sid, String step) {
        try {
            if (!marked) {
                StepFolder.ensure(live.getParent());
                ProcessHandle self = ProcessHandle.current();
                write(live, self.pid() + " " + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
                marked = true;
            }
            StepFolder.ensure(dir);
            write(dir.resolve(Long.toString(sid)), "step=" + step + "\n");
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record the processes of step '{}' under {}: {}; if Sluice is killed, they may outlive it",
                    step, dir, e.toString());
        }
    }

    /** The step in session {@code sid} ended and its session was killed. */
    synchronized void ended(long sid) {
        try {
            Files.deleteIfExists(dir.resolve(Long.toString(sid)));
        } catch (IOException e) {
            LOG.debug("cannot remove the process record {}: {}", sid, e.toString());
        }
    }

    /** The run ended: nothing of it is left running. */
    synchronized void runEnded() {
        if (!marked) return;
        try {
            Files.deleteIfExists(live);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", live, e.toString());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Kills what runs of this home whose Sluice process died left running, and forgets them. Cheap when there is
     * nothing to do: one look at {@code <home>/live/}.
     *
     * @return a line per process killed, e.g. {@code run 20261127-041502-3fa2 step train: 1234 (sleep)}
     */
    static List<String> sweep(Path home) {
        Path liveDir = home.toAbsolutePath().resolve("live");
        if (!Files.isDirectory(liveDir)) return List.of();
        List<String> killed = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(liveDir, p -> !p.getFileName().toString().startsWith("."))) {
            for (Path marker : runs) {
                if (ownerAlive(marker)) continue;
                String runId = marker.getFileName().toString();
                killed.addAll(sweepRun(home.toAbsolutePath().resolve("runs").resolve(runId).resolve("processes"), runId));
                Files.deleteIfExists(marker);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot look for processes left by dead runs under {}: {}", liveDir, e.toString());
        }
        if (!killed.isEmpty()) LOG.warn("killed {} processes left running by runs whose Sluice process died: {}", killed.size(), killed);
        return killed;
    }

    private static List<String> sweepRun(Path processes, String runId) throws IOException {
        List<String> killed = new ArrayList<>();
        if (!Files.isDirectory(processes)) return killed;
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(processes, p -> !p.getFileName().toString().startsWith("."))) {
            for (Path record : sessions) {
                long sid;
                try {
                    sid = Long.parseLong(record.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                String step = Files.readString(record).strip().replaceFirst("^step=", "");
                for (String p : ProcessSessions.kill(sid, pid -> ProcessSessions.hasEnvironment(pid, "SLUICE_RUN_ID", runId))) {
                    killed.add("run " + runId + " step " + step + ": " + p);
                }
                Files.deleteIfExists(record);
            }
        }
        return killed;
    }

    /** True while the process that wrote the marker runs (same pid and start time). */
    private static boolean ownerAlive(Path marker) {
        try {
            String[] f = Files.readString(marker).strip().split(" ");
            long pid = Long.parseLong(f[0]);
            long started = Long.parseLong(f[1]);
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            return h.isPresent() && h.get().isAlive()
                    && h.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started;
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: treat as dead; only processes carrying its run id are killed
        }
    }
}
