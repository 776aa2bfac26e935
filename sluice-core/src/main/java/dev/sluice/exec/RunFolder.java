package dev.sluice.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run's id and folder, {@code <home>/runs/<runId>/}. Ids sort by start time and read well:
 * {@code 20261127-041502-3fa2} (UTC time and 4 random hex digits). Immutable.
 */
record RunFolder(String runId, Path dir) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** What a run id looks like: UTC date and time, then 4 hex digits. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}");

    /** The folder of a run whose id was reserved elsewhere (the server's queue); created if missing. */
    static RunFolder named(Path home, String runId) {
        if (!ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("'" + runId + "' is not a run id (expected e.g. 20261127-041502-3fa2)");
        }
        Path dir = StepFolder.ensure(home.resolve("runs")).resolve(runId);
        try {
            return new RunFolder(runId, Files.createDirectories(dir).toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage()
                    + "; check that SLUICE_HOME is writable", e);
        }
    }

    /** Creates a new, empty run folder under {@code home/runs/} with a fresh id. */
    static RunFolder create(Path home) {
        Path runs = StepFolder.ensure(home.resolve("runs"));
        for (int tries = 0; ; tries++) {
            String id = TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                    + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            try {
                return new RunFolder(id, Files.createDirectory(runs.resolve(id)).toAbsolutePath());
            } catch (FileAlreadyExistsException e) {
                if (tries > 100) throw new UncheckedIOException("cannot find a free run id under " + runs, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create run folder under " + runs + ": " + e.getMessage()
                        + "; check that SLUICE_HOME is writable", e);
            }
        }
    }
}
