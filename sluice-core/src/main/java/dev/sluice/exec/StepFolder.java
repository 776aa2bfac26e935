package dev.sluice.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder of one step instance, {@code <runDir>/steps/<folder>/}, created only when something is written:
 * {@code log.txt}, {@code work/} (a command step's working folder, a Java step's scratch folder) and, for Java
 * steps, {@code outputs/<name>/}. Each attempt gets fresh {@code work/} and {@code outputs/} folders.
 * Not thread-safe beyond what {@link Files} guarantees; one attempt uses it at a time.
 */
record StepFolder(Path dir) {
    Path log() {
        return dir.resolve("log.txt");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path outputs() {
        return dir.resolve("outputs");
    }

    /** Removes what an earlier attempt left in {@code work/} and {@code outputs/}. */
    void resetForAttempt(int attempt) throws IOException {
        if (attempt <= 1) return;
        deleteTree(work());
        deleteTree(outputs());
    }

    /**
     * Deletes what a failed attempt wrote as outputs ({@code outputs/} and {@code work/outputs/}), to give the space
     * back when the disk is full; the log and the rest of {@code work/} are kept. Best effort.
     */
    void discardOutputs() {
        for (Path p : new Path[] {outputs(), work().resolve("outputs")}) {
            try {
                deleteTree(p);
            } catch (IOException | UncheckedIOException e) {
                // a folder that cannot be deleted keeps its space; the step's error already says what happened
            }
        }
    }

    /**
     * Creates {@code dir} and its parents if missing, and returns it. Unlike {@link Files#createDirectories}, which
     * finds the first existing parent by catching an exception per missing level, it asks
     * {@link Files#isDirectory} (no exception) first: a step's {@code outputs/<name>/} costs only its mkdirs.
     */
    static Path ensure(Path dir) {
        if (Files.isDirectory(dir)) return dir;
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) missing.push(p);
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (!Files.isDirectory(p)) throw e; // a file is in the way; a folder made concurrently is fine
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + ": " + e.getMessage()
                    + "; check permissions and free space", e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        dev.sluice.store.FileTrees.delete(root);
    }
}
