package dev.sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets: the instant written in a file (ISO-8601), so that the servers of several processes share it.
 * {@link #set} writes it atomically. Thread-safe.
 */
public final class FileClock extends Clock {
    private final Path file;

    public FileClock(Path file) {
        this.file = file;
    }

    /** A clock at {@code at}, in a new file. */
    public static FileClock at(Path file, Instant at) {
        FileClock c = new FileClock(file);
        c.set(at);
        return c;
    }

    public Path file() {
        return file;
    }

    public void set(Instant at) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, at.toString());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Instant instant() {
        try {
            return Instant.parse(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a FileClock is in UTC");
    }
}
