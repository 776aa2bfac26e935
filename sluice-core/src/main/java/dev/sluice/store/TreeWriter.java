package dev.sluice.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lays out a folder artifact's files under a directory: read-only hard links to the blobs, or
 * read-only copies where linking fails (another filesystem, link limit) and for executable files
 * (a blob is shared and not executable; its mode cannot differ per link). Every manifest path is
 * validated and resolved strictly inside the directory. Trees are derived: {@link #remove} takes one away (it is
 * built again on next use), and {@link #dropLinking} every tree that links a blob file being replaced or moved to
 * quarantine, whose links would otherwise keep serving the old bytes. Thread-safe.
 */
final class TreeWriter {
    private final StoreLayout layout;

    TreeWriter(StoreLayout layout) {
        this.layout = layout;
    }

    /** Writes the manifest's files under {@code dir} (an existing, empty folder); returns the folders created. */
    List<Path> write(Manifest manifest, Path folder, Digest digest) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Set<Path> folders = new LinkedHashSet<>();
        folders.add(dir);
        for (Manifest.Entry e : manifest.entries()) {
            Path target = inside(dir, e.path());
            Path blob = layout.blob(e.digest());
            if (!Files.isRegularFile(blob)) {
                throw new StoreException("folder artifact " + digest + " is incomplete: its file '" + e.path()
                        + "' (" + e.digest() + ") is missing from the store; run the pipeline again and the step that made it"
                        + " runs again ('sluice fsck' checks the whole store)");
            }
            Files.createDirectories(target.getParent());
            addParents(dir, target.getParent(), folders);
            place(blob, target, e.executable());
        }
        List<Path> ordered = new ArrayList<>(folders);
        ordered.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return ordered;
    }

    /** Renames the tree out of view first, so a reader never sees it half deleted. */
    void remove(Digest digest) throws IOException {
        Path tree = layout.tree(digest);
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) return;
        Path trash = layout.newTemp("trash");
        try {
            Permissions.ownerWritable(tree);
            Files.move(tree, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // removed concurrently
        }
        FileTrees.delete(trash);
    }

    /**
     * Removes every tree with a file that is the file {@code fileKey} names (a hard link to a blob about to be
     * replaced or quarantined); returns how many. Walks all trees: for the rare repair, not for every run.
     */
    int dropLinking(Object fileKey) throws IOException {
        if (fileKey == null) return 0;
        List<Digest> stale = new ArrayList<>();
        try (DirectoryStream<Path> trees = Files.newDirectoryStream(layout.trees())) {
            for (Path tree : trees) {
                String name = tree.getFileName().toString();
                if (Digest.isHex(name) && links(tree, fileKey)) stale.add(new Digest(name));
            }
        }
        for (Digest d : stale) remove(d);
        return stale.size();
    }

    private static boolean links(Path tree, Object fileKey) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.anyMatch(f -> Objects.equals(fileKey(f), fileKey));
        } catch (NoSuchFileException | java.io.UncheckedIOException e) {
            return false; // removed meanwhile
        }
    }

    /** The file's device-and-inode key, not following links; null when it is gone or has none. */
    static Object fileKey(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Puts one blob at target: a hard link, or a copy; read-only either way. */
    static void place(Path blob, Path target, boolean executable) throws IOException {
        if (!executable) {
            try {
                Files.createLink(target, blob);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // fall through to a copy
            }
        }
        Files.copy(blob, target, StandardCopyOption.COPY_ATTRIBUTES);
        Permissions.readOnly(target, executable);
    }

    /** Resolves a manifest path under dir, refusing anything that would land outside it. */
    static Path inside(Path dir, String relative) {
        Manifest.checkRelative(relative);
        Path base = dir.toAbsolutePath().normalize();
        Path target = base.resolve(relative).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new StoreException("path '" + relative + "' would leave the folder; refusing to write it");
        }
        return target;
    }

    private static void addParents(Path dir, Path folder, Set<Path> folders) {
        Path base = dir.toAbsolutePath().normalize();
        for (Path p = folder; p != null && p.startsWith(base); p = p.getParent()) {
            folders.add(p);
        }
    }
}
