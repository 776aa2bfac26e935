package dev.sluice.server.catalog;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the pipeline files in the server's folders: every {@code *.yaml} and {@code *.yml} file, in path order,
 * skipping hidden folders, {@code target} and {@code node_modules}, at most {@value #MAX_DEPTH} folders deep.
 * Not thread-safe (the catalog scans under its lock).
 */
final class PipelineFolders {
    static final int MAX_DEPTH = 8;
    private static final Set<String> SKIPPED = Set.of("target", "node_modules");

    /** A file found, with the name to show for it (under the folder as the user gave it). */
    record Found(Path file, String shown) {}

    private final List<Path> folders;

    PipelineFolders(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    List<Path> folders() {
        return folders;
    }

    List<Found> list() {
        List<Found> out = new ArrayList<>();
        for (Path folder : folders) {
            Path root = folder.toAbsolutePath().normalize();
            if (Files.isRegularFile(root)) {
                out.add(new Found(root, folder.toString()));
                continue;
            }
            if (!Files.isDirectory(root)) continue;
            try {
                Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        boolean skip = !dir.equals(root) && (name.startsWith(".") || SKIPPED.contains(name));
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile() && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                            out.add(new Found(file, folder.resolve(root.relativize(file)).toString()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // a folder that vanished while walking: what was found stays
            }
        }
        out.sort(java.util.Comparator.comparing(f -> f.file().toString()));
        return out;
    }
}
