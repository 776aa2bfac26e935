package dev.sluice.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Each command step runs in a session of its own, so that everything it starts can be found and killed: at the step's
 * end, on a timeout or cancel, and by the next run when Sluice itself was killed.
 *
 * <p>The command is started through util-linux's {@code setsid} (a new session and process group, led by the
 * command's own pid) and, where it has {@code --pdeathsig}, {@code setpriv --pdeathsig KILL}, so the command is killed
 * when the thread that started it dies: the JVM starts a child from the calling thread (posix_spawn or vfork), here a
 * step's worker thread, which waits for the command and so outlives it unless the JVM dies. Both are plain programs
 * in the argument list, never a shell; where one is missing, the command runs without it (and only the process tree
 * known while Sluice lives is killed). Members of a session are found through {@code /proc}. Stateless; thread-safe.
 */
final class ProcessSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSessions.class);
    private static final Path PROC = Path.of("/proc");

    private ProcessSessions() {
    }

    /** The wrapper found once per JVM: the arguments to put before a command, or none. */
    private static final class Launcher {
        static final List<String> PREFIX = find();

        private static List<String> find() {
            Optional<String> setsid = onPath("setsid");
            if (setsid.isEmpty() || !Files.isDirectory(PROC)) {
                LOG.info("setsid or /proc is missing: command steps run without a session of their own");
                return List.of();
            }
            List<String> prefix = new ArrayList<>();
            Optional<String> setpriv = onPath("setpriv");
            if (setpriv.isPresent() && works(setpriv.get(), "--pdeathsig", "KILL", "--", setsid.get(), "--", "true")) {
                prefix.addAll(List.of(setpriv.get(), "--pdeathsig", "KILL", "--"));
            } else {
                LOG.info("setpriv --pdeathsig is missing: a command step is not killed at once when Sluice dies"
                        + " (the next run kills it)");
            }
            prefix.addAll(List.of(setsid.get(), "--"));
            return List.copyOf(prefix);
        }

        private static Optional<String> onPath(String name) {
            String path = System.getenv("PATH");
            for (String dir : (path == null ? "/usr/bin:/bin" : path + ":/usr/bin:/bin").split(":")) {
                if (!dir.startsWith("/")) continue;
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toString());
            }
            return Optional.empty();
        }

        private static boolean works(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** What to put before a command's arguments so it gets a session of its own; empty where that is impossible. */
    static List<String> launcher() {
        return Launcher.PREFIX;
    }

    /** The session id of a process, if it is alive and {@code /proc} says. */
    static Optional<Long> sessionOf(long pid) {
        return stat(pid).map(s -> s.session);
    }

    private record Stat(long pid, char state, long session, String command) {}

    /** Fields of {@code /proc/PID/stat}: the command name is in parentheses and may hold spaces and parentheses. */
    private static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[3]), s.substring(open + 1, close)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }

    /**
     * Kills (SIGKILL) every process of session {@code sid} that {@code also} accepts (by pid) and returns a short
     * description of each, e.g. {@code 1234 (sleep)}. A session's id stays taken while any member lives, so the
     * members found are the session's own.
     */
    static List<String> kill(long sid, LongPredicate also) {
        return kill(sid, also, Optional.empty());
    }

    /**
     * As {@link #kill(long, LongPredicate)}, reading {@code /proc/PID/stat} only for the pids in {@code window} (all
     * when it is empty): a session started after the window opened holds no other pids.
     */
    static List<String> kill(long sid, LongPredicate also, Optional<PidWindow> window) {
        List<String> killed = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (window.isPresent() && !window.get().contains(pid)) continue;
                Optional<Stat> st = stat(pid);
                if (st.isEmpty() || st.get().session != sid || st.get().state == 'Z' || !also.test(pid)) continue;
                Optional<ProcessHandle> h = ProcessHandle.of(pid);
                if (h.isPresent() && h.get().destroyForcibly()) {
                    pids.add(pid);
                    killed.add(pid + " (" + st.get().command + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list the processes of session {}: {}", sid, e.toString());
        }
        awaitGone(pids);
        return killed;
    }

    /**
     * The pids the kernel handed out after {@link #lastPid()} returned {@code after} and before it returned
     * {@code upTo}, on the circle of pids (they wrap at {@code pid_max}). A command started in between, and every
     * process its session holds, has one of them: a session only grows by forks of its members.
     */
    record PidWindow(long after, long upTo) {
        boolean contains(long pid) {
            return after <= upTo ? pid > after && pid <= upTo : pid > after || pid <= upTo;
        }
    }

    /** The largest pid plus one ({@code /proc/sys/kernel/pid_max}), or -1 where it cannot be read. */
    private static final long PID_MAX = readNumber(PROC.resolve("sys/kernel/pid_max"));

    /**
     * The fastest rate at which the kernel hands out pids that {@link #window} assumes: far above what a machine
     * forks. In less time than {@code pid_max} pids take at this rate, the pids cannot have gone round the circle.
     */
    static final long MAX_FORKS_PER_SECOND = 200_000;

    /** The pid the kernel handed out last ({@code /proc/sys/kernel/ns_last_pid}), or -1 where it cannot be read. */
    static long lastPid() {
        return readNumber(PROC.resolve("sys/kernel/ns_last_pid"));
    }

    /**
     * The pids handed out since {@link #lastPid()} returned {@code before}, {@code nanos} ago: empty (look at every
     * process) where a pid could not be read or so much time passed that the pids may have gone round the circle.
     */
    static Optional<PidWindow> window(long before, long nanos) {
        if (before < 0 || PID_MAX <= 0 || nanos >= TimeUnit.SECONDS.toNanos(1) * PID_MAX / MAX_FORKS_PER_SECOND) {
            return Optional.empty();
        }
        long now = lastPid();
        return now < 0 ? Optional.empty() : Optional.of(new PidWindow(before, now));
    }

    /**
     * A sysctl file's number, read in one call: these files report a size of 0, and {@code Files.readString} then
     * reads one byte and finds the end of the file at the next offset ("3" of 32768).
     */
    private static long readNumber(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or hidden
        }
    }

    /**
     * Waits (at most 5 s) until each process is gone or a zombie (dead, waiting for its parent to collect it), by
     * {@code /proc}: {@code ProcessHandle.onExit} of a process that is not our child polls slowly.
     */
    static void awaitGone(List<Long> pids) {
        if (!Files.isDirectory(PROC)) {
            awaitExit(pids);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long pause = 1;
        for (long pid : pids) {
            while (stat(pid).filter(st -> st.state != 'Z').isPresent()) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("process {} did not exit within 5s of SIGKILL; check for a stuck process", pid);
                    break;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(pause * 2, 50);
            }
        }
    }

    private static void awaitExit(List<Long> pids) {
        for (long pid : pids) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty()) continue;
            try {
                h.get().onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("process {} did not exit within 5s of SIGKILL; check for a stuck process", pid);
            }
        }
    }

    /** True when the process's environment has {@code NAME=value} (readable for our own processes, and by root). */
    static boolean hasEnvironment(long pid, String name, String value) {
        try {
            byte[] env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
            byte[] want = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
            int start = 0;
            for (int i = 0; i <= env.length; i++) {
                if (i == env.length || env[i] == 0) {
                    if (i - start == want.length && java.util.Arrays.equals(env, start, i, want, 0, want.length)) return true;
                    start = i + 1;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }
}
