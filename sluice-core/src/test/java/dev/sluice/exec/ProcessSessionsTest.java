package dev.sluice.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The pids a command step's session can hold, read instead of every process of the machine. */
@Timeout(60)
class ProcessSessionsTest {
    @Test
    void aWindowHoldsThePidsHandedOutAfterItOpenedAlsoAcrossTheWrap() {
        ProcessSessions.PidWindow plain = new ProcessSessions.PidWindow(100, 200);
        assertThat(plain.contains(100)).isFalse();
        assertThat(plain.contains(101)).isTrue();
        assertThat(plain.contains(200)).isTrue();
        assertThat(plain.contains(201)).isFalse();
        assertThat(plain.contains(7)).isFalse();

        ProcessSessions.PidWindow wrapped = new ProcessSessions.PidWindow(32_000, 400); // pid_max 32768: 32001..32767, 300..400
        assertThat(wrapped.contains(32_001)).isTrue();
        assertThat(wrapped.contains(32_767)).isTrue();
        assertThat(wrapped.contains(301)).isTrue();
        assertThat(wrapped.contains(400)).isTrue();
        assertThat(wrapped.contains(401)).isFalse();
        assertThat(wrapped.contains(32_000)).isFalse();
        assertThat(wrapped.contains(16_000)).isFalse();
    }

    @Test
    void afterLongEnoughForThePidsToGoRoundEveryProcessIsRead() {
        assumeTrue(ProcessSessions.lastPid() >= 0, "needs /proc/sys/kernel/ns_last_pid (Linux)");
        long before = ProcessSessions.lastPid();
        assertThat(ProcessSessions.window(before, TimeUnit.MILLISECONDS.toNanos(1))).isPresent();
        assertThat(ProcessSessions.window(before, TimeUnit.DAYS.toNanos(1))).isEmpty();
        assertThat(ProcessSessions.window(-1, 0)).isEmpty();
    }

    @Test
    void aSessionStartedInTheWindowIsFoundAndKilledThroughIt() throws Exception {
        List<String> launcher = ProcessSessions.launcher();
        assumeTrue(!launcher.isEmpty() && ProcessSessions.lastPid() >= 0, "needs setsid and /proc (Linux)");
        // a process that started before the window, in a session of its own: outside the window, never read
        Process older = new ProcessBuilder(concat(launcher, "sleep", "300")).start();
        try {
            long before = ProcessSessions.lastPid();
            long started = System.nanoTime();
            // the session leader starts a sleep in its session and exits at once, as a step that leaves a process behind
            Process leader = new ProcessBuilder(concat(launcher, "sh", "-c", "sleep 301 >/dev/null 2>&1 & echo $!")).start();
            long sleeper = Long.parseLong(new String(leader.getInputStream().readAllBytes()).trim());
            assertThat(leader.waitFor(30, TimeUnit.SECONDS)).isTrue();
            awaitExec(sleeper, "sleep"); // the forked child is named sh until it has exec'd sleep
            Optional<ProcessSessions.PidWindow> window = ProcessSessions.window(before, System.nanoTime() - started);
            assertThat(window).isPresent();
            assertThat(window.get().contains(sleeper)).isTrue();

            List<String> killed = ProcessSessions.kill(leader.pid(), pid -> true, window);

            assertThat(killed).containsExactly(sleeper + " (sleep)");
            assertThat(ProcessHandle.of(sleeper).filter(ProcessHandle::isAlive)
                    .filter(h -> Files.exists(Path.of("/proc", Long.toString(sleeper))) && !zombie(sleeper))).isEmpty();
            assertThat(older.isAlive()).isTrue();
        } finally {
            older.destroyForcibly();
        }
    }

    /** Waits (up to 10 s) until process {@code pid} runs {@code command}. */
    private static void awaitExec(long pid, String command) throws InterruptedException {
        Path comm = Path.of("/proc", Long.toString(pid), "comm");
        for (int i = 0; i < 1000; i++) {
            try {
                if (Files.readString(comm).trim().equals(command)) return;
            } catch (java.io.IOException e) {
                return; // gone: the assertions below say so
            }
            Thread.sleep(10);
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static List<String> concat(List<String> prefix, String... command) {
        List<String> all = new java.util.ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }
}
