package dev.sluice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lays out a folder artifact's files under a directory: read-only hard links to the blobs, or
 * read-only copies where linking fails (another filesystem, link limit) and for executable files
 * (a blob is shared and not executable; its mode cannot differ per link). Every manifest path is
 * validated and resolved strictly inside the directory. Thread-safe.
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
                        + "' (" + e.digest() + ") is missing from the store; delete the artifact and re-run the step");
            }
            Files.createDirectories(target.getParent());
            addParents(dir, target.getParent(), folders);
            place(blob, target, e.executable());
        }
        List<Path> ordered = new ArrayList<>(folders);
        ordered.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return ordered;
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
