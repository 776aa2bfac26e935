package dev.sluice.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A process that runs one upkeep pass of {@code args[0]}'s prediction logs and, when the compaction reaches step
 * {@code args[1]}, writes {@code args[2]} and waits there to be killed ({@link CompactionKillTest}).
 */
final class CompactionProcess {
    private CompactionProcess() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String step = args[1];
        Path reached = Path.of(args[2]);
        new LogUpkeep(home, LogUpkeep.Policy.DEFAULTS, Clock.systemUTC(), (what, hour) -> {
            if (!what.equals(step)) return;
            try {
                Files.writeString(reached, what);
                Thread.sleep(Long.MAX_VALUE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).run();
    }
}
