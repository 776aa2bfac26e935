package dev.sluice.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whose path a user gave (as in {@code sluice report -o FILE}) the way the user means it:
 * <ul>
 *   <li>a new or existing regular file is written to a temporary file in the same folder, fsynced and renamed
 *       over it, so a reader never sees half of it; an existing file keeps its permissions, a new one gets
 *       those the umask gives (as any program's new file does);</li>
 *   <li>a symbolic link is followed: its (final) target is replaced that way in the target's folder, and the
 *       link stays;</li>
 *   <li>anything else that exists, a device ({@code /dev/null}, {@code /dev/full}), a named pipe, a terminal or
 *       {@code /dev/stdout}, is written into as it is, never replaced; errors such as a full device are
 *       reported;</li>
 *   <li>a folder is refused, and so is a file in a folder that does not exist.</li>
 * </ul>
 * Failures are {@link OutputFileException}s that say what is wrong and what to do. Stateless and thread-safe
 * (two writers of one path: the last rename wins, each file whole).
 *
 * <pre>{@code
 * OutputFile.write(Path.of(userGivenName), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
 * }</pre>
 */
public final class OutputFile {
    private static final int MAX_LINKS = 40; // as Linux's own limit on symbolic links in one lookup
    private static final Path PROC = Path.of("/proc");

    /** What to write: the content, streamed to {@code out} (which the caller must not close). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How the content reached the path. */
    public enum Written {
        /** A regular file was created or atomically replaced. */
        REPLACED,
        /** The path (a device, pipe, terminal) was written into as it is. */
        STREAMED
    }

    private OutputFile() {}

    /**
     * Writes {@code content} to {@code target} as the class describes.
     *
     * @throws OutputFileException when the path cannot be written; {@link OutputFileException#badPath()} when the
     *                             path itself is unusable (a folder, a missing folder, a loop of links)
     */
    public static Written write(Path target, Content content) {
        Path given = target.toAbsolutePath();
        Optional<BasicFileAttributes> attrs = attributes(given);
        if (attrs.isPresent() && attrs.get().isDirectory()) {
            throw new OutputFileException(target, "it is a folder", "name a file inside it", true);
        }
        if (attrs.isPresent() && attrs.get().isOther()) return stream(target, given, content);
        Optional<Path> file = finalTarget(target, given);
        if (file.isEmpty()) return stream(target, given, content);
        replace(target, file.get(), attrs.isPresent(), content);
        return Written.REPLACED;
    }

    /** The path's attributes, links followed; empty when nothing is there (or a link dangles). */
    private static Optional<BasicFileAttributes> attributes(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The file a chain of symbolic links ends at, to be replaced in its own folder; empty when the chain goes
     * through {@code /proc} ({@code /dev/stdout} is a link to {@code /proc/self/fd/1}), whose links are handles
     * to open files that only the kernel can follow: those are written into.
     */
    private static Optional<Path> finalTarget(Path target, Path given) {
        Path p = given;
        try {
            for (int hops = 0; Files.isSymbolicLink(p); hops++) {
                if (hops == MAX_LINKS) {
                    throw new OutputFileException(target, "it is a loop of symbolic links", "point it at a file", true);
                }
                if (inProc(p)) return Optional.empty();
                p = p.resolveSibling(Files.readSymbolicLink(p));
            }
            return Optional.of(p);
        } catch (IOException e) {
            throw OutputFileException.of(target, e);
        }
    }

    private static boolean inProc(Path link) throws IOException {
        Path folder = link.getParent();
        return folder != null && Files.isDirectory(folder) && folder.toRealPath().startsWith(PROC);
    }

    /** Writes into what is there: no temporary file, no rename, nothing created. */
    private static Written stream(Path target, Path given, Content content) {
        try (OutputStream out = Files.newOutputStream(given, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw OutputFileException.of(target, e);
        }
        return Written.STREAMED;
    }

    private static void replace(Path target, Path file, boolean exists, Content content) {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new OutputFileException(target, folder + " is not a folder", "name a file in a folder", true);
        }
        if (!Files.isDirectory(folder)) {
            throw new OutputFileException(target, "the folder " + folder + " does not exist", "create it first", true);
        }
        Path temp = folder.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Optional<Set<PosixFilePermission>> mode = exists ? permissions(file) : Optional.empty();
            // no permissions asked for: the file is created 0666 less the umask, like any program's new file
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            if (mode.isPresent()) Files.setPosixFilePermissions(temp, mode.get());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(folder);
        } catch (IOException e) {
            throw OutputFileException.of(target, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // the write failed already and says so; a stray hidden temporary file is the lesser problem
            }
        }
    }

    private static Optional<Set<PosixFilePermission>> permissions(Path file) throws IOException {
        try {
            return Optional.of(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted meanwhile: a new file
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename is done; some file systems cannot sync a folder
        }
    }

    /** Whether an I/O failure says the device is full (Java gives no errno, only the system's message). */
    static boolean noSpace(IOException e) {
        String m = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return m != null && m.contains("No space left on device");
    }
}
