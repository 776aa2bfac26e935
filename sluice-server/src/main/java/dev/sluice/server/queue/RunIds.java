package dev.sluice.server.queue;

import dev.sluice.server.sql.Sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids for queued runs, made like the executor's ({@code 20261127-041502-3fa2}: UTC time and 4 random hex
 * digits): the run's folder is created at once under {@code home/runs/}, which keeps the id from a {@code sluice run}
 * starting at the same moment on this workspace, and the database's {@code runs} ids are checked for one made on
 * another host. Stateless; thread-safe.
 */
final class RunIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {}

    /** A fresh id whose run folder this call created. */
    static String reserve(Path home) {
        Path runs = home.resolve("runs");
        try {
            Files.createDirectories(runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runs + ": " + e.getMessage() + "; check that SLUICE_HOME is writable", e);
        }
        for (int tries = 0; ; tries++) {
            String id = TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                    + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            try {
                Files.createDirectory(runs.resolve(id));
                return id;
            } catch (FileAlreadyExistsException e) {
                if (tries > 100) throw new UncheckedIOException("cannot find a free run id under " + runs, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a run folder under " + runs + ": " + e.getMessage(), e);
            }
        }
    }

    /** Removes the (empty) folder of an id that was not used after all. */
    static void release(Path home, String id) {
        try {
            Files.deleteIfExists(home.resolve("runs").resolve(id));
        } catch (IOException e) {
            // not empty or already gone: leave it
        }
    }

    /** {@code id} when no run has it in the database, else another fresh one (inside the caller's transaction). */
    static String unused(Connection c, String id, Path home) throws SQLException {
        String candidate = id;
        while (Sql.first(c, "SELECT id FROM runs WHERE id = ?", rs -> rs.getString(1), candidate).isPresent()) {
            candidate = reserve(home);
        }
        return candidate;
    }
}
