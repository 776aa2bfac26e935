package dev.sluice.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a process and everything it started. Descendants are listed before the parent dies (once it is
 * gone its orphans can no longer be found by ancestry), then, for a command that leads a session of its own
 * ({@link ProcessSessions}), the whole session (which also finds orphans, such as a daemon that forked twice), then
 * the descendants left, deepest first, then the parent. Stateless.
 */
final class ProcessTrees {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTrees.class);

    private ProcessTrees() {
    }

    /** Kills {@code root}'s tree (and its session when {@code session}) forcibly and waits (bounded) for the root to exit. */
    static void kill(ProcessHandle root, boolean session) {
        List<ProcessHandle> all = new ArrayList<>();
        // a few rounds: a child may fork while we kill its siblings
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> found = root.descendants().toList();
            if (session) ProcessSessions.kill(root.pid(), pid -> true);
            if (found.isEmpty()) break;
            for (ProcessHandle h : found.reversed()) {
                h.destroyForcibly();
                all.add(h);
            }
        }
        root.destroyForcibly();
        try {
            root.onExit().get(5, TimeUnit.SECONDS); // our child: the JDK collects it at once
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warn("process {} did not exit within 5s of SIGKILL; check for a stuck process", root.pid());
        }
        ProcessSessions.awaitGone(all.stream().map(ProcessHandle::pid).toList());
    }
}
