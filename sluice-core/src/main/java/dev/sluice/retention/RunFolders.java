package dev.sluice.retention;

import dev.sluice.store.FileTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run folders under {@code <home>/runs/}: where a run's folder is, what it holds, and removing it. A folder is
 * only ever looked for directly under {@code runs/}, under a name that is one path element; symbolic links inside are
 * removed, never followed. Stateless; thread-safe.
 */
final class RunFolders {
    /** What a run folder's name looks like ({@code 20261127-041502-3fa2}). */
    private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}");
    private static final long DEFAULT_BLOCK = 4096;

    private final Path runs;
    private final long block;

    RunFolders(Path home) {
        this.runs = home.toAbsolutePath().normalize().resolve("runs");
        this.block = blockSize(home);
    }

    /** The folder of a run, when its id can name one directly under {@code runs/} and it exists. */
    Optional<Path> of(String runId) {
        if (runId.isEmpty() || runId.contains("/") || runId.contains("\\") || runId.equals(".") || runId.equals("..")) {
            return Optional.empty();
        }
        Path p = runs.resolve(runId).normalize();
        if (!runs.equals(p.getParent()) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        return Optional.of(p);
    }

    /**
     * Folders named like run ids that no run in {@code known} has, last changed before {@code before}: left by a run
     * whose rows were deleted before its folder was (a sweep that stopped half-way), or whose metadata was lost. Younger
     * ones are left alone: a run's folder is made just before its first record is committed.
     */
    List<Path> orphans(Set<String> known, Instant before) throws IOException {
        if (!Files.isDirectory(runs)) return List.of();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(runs)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (!RUN_ID.matcher(name).matches() || known.contains(name)) continue;
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /** What a folder tree holds; {@link FolderSize#NONE} when it is gone. */
    FolderSize measure(Path root) {
        long[] n = new long[4];
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    n[1]++;
                    n[3] += block;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    n[0]++;
                    n[2] += attrs.size();
                    n[3] += (attrs.size() + block - 1) / block * block;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return FolderSize.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return new FolderSize(n[0], n[1], n[2], n[3]);
    }

    /**
     * Removes a folder tree, making read-only folders inside writable first (a command step may leave some); a link is
     * removed, not what it points to.
     */
    void delete(Path root) throws IOException {
        FileTrees.delete(root);
    }

    private static long blockSize(Path home) {
        try {
            Path existing = home.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            long b = existing == null ? DEFAULT_BLOCK : Files.getFileStore(existing).getBlockSize();
            return b > 0 ? b : DEFAULT_BLOCK;
        } catch (IOException | UnsupportedOperationException e) {
            return DEFAULT_BLOCK;
        }
    }
}
