package dev.sluice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says makes a file the same file: device and inode ({@code fileKey}), size and modification
 * time. The identity stays while the file is renamed or hard-linked and changes when it is rewritten; the way build
 * tools tell an unchanged file without reading it. Immutable.
 */
public record FileIdentity(Object fileKey, long size, long modifiedNanos) {
    /** The identity of a regular file, or empty when the file system has no file keys or the file is not there. */
    public static Optional<FileIdentity> of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.fileKey() == null || !a.isRegularFile()) return Optional.empty();
            return Optional.of(new FileIdentity(a.fileKey(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
