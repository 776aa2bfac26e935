package dev.sluice.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the files of a folder to store, without following symbolic links out of it. A link to a
 * regular file inside the folder is stored as a copy of that file; a link that points outside the
 * folder, to a folder, or to nothing is rejected, as are sockets, pipes and devices. Stateless.
 */
final class FolderScanner {

    /**
     * A file to store.
     *
     * @param content    where to read it (the link target for a symbolic link)
     * @param path       its '/'-separated path relative to the folder
     * @param executable whether the owner may execute it
     * @param owned      false for a symbolic link: its target belongs to another entry, never move it
     */
    record SourceFile(Path content, String path, boolean executable, boolean owned) { }

    private FolderScanner() {
    }

    static List<SourceFile> scan(Path folder) throws IOException {
        Path realFolder = folder.toRealPath();
        List<SourceFile> files = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                files.add(toSource(folder, realFolder, file, attrs));
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static SourceFile toSource(Path folder, Path realFolder, Path file, BasicFileAttributes attrs)
            throws IOException {
        String rel = relative(folder, file);
        if (attrs.isRegularFile()) {
            return new SourceFile(file, rel, Permissions.executable(file), true);
        }
        if (!attrs.isSymbolicLink()) {
            throw new StoreException("folder '" + folder + "' contains '" + rel
                    + "', which is not a regular file (a pipe, socket or device); write a regular file instead");
        }
        Path target = resolveLink(folder, file, rel);
        if (!target.startsWith(realFolder)) {
            throw new StoreException("folder '" + folder + "' contains a symbolic link '" + rel
                    + "' that points outside it (to '" + Files.readSymbolicLink(file)
                    + "'); write a real file instead");
        }
        if (!Files.isRegularFile(target)) {
            throw new StoreException("folder '" + folder + "' contains a symbolic link '" + rel
                    + "' to a folder; copy the files instead of linking the folder");
        }
        return new SourceFile(target, rel, Permissions.executable(target), false);
    }

    private static Path resolveLink(Path folder, Path link, String rel) throws IOException {
        try {
            return link.toRealPath();
        } catch (NoSuchFileException e) {
            throw new StoreException("folder '" + folder + "' contains a symbolic link '" + rel
                    + "' that points to nothing; write a real file instead", e);
        }
    }

    private static String relative(Path folder, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path name : folder.relativize(file)) {
            sb.append(sb.isEmpty() ? "" : "/").append(name);
        }
        String rel = sb.toString();
        try {
            Manifest.checkRelative(rel);
        } catch (StoreException e) {
            throw new StoreException("folder '" + folder + "' contains a file that cannot be stored: "
                    + e.getMessage(), e);
        }
        return rel;
    }
}
