package dev.sluice.report;

import dev.sluice.api.PipelineException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A user-given output path could not be written ({@link OutputFile}): the path, what is wrong and what to do.
 * The message is {@code "<reason>; <hint>"}, e.g. {@code "no space left on the device; free some space"}, to
 * follow a caller's {@code "cannot write FILE: "}. {@link #badPath()} tells a path that can never be written
 * (a folder, a missing folder: bad usage) from a write that failed (a full disk, no permission). Unchecked.
 */
public final class OutputFileException extends PipelineException {
    private final transient Path path;
    private final boolean badPath;

    OutputFileException(Path path, String reason, String hint, boolean badPath) {
        super(reason + "; " + hint);
        this.path = path;
        this.badPath = badPath;
    }

    private OutputFileException(Path path, String reason, String hint, IOException cause) {
        super(reason + "; " + hint, cause);
        this.path = path;
        this.badPath = false;
    }

    static OutputFileException of(Path path, IOException e) {
        if (OutputFile.noSpace(e)) return new OutputFileException(path, "no space left on the device", "free some space", e);
        if (e instanceof AccessDeniedException) {
            return new OutputFileException(path, "permission denied", "check the permissions of the file and its folder", e);
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
        return new OutputFileException(path, reason.toLowerCase(java.util.Locale.ROOT), "check that it can be written", e);
    }

    /** The path as the user gave it. */
    public Path path() {
        return path;
    }

    /** True when the path itself is unusable (a folder, a file in a missing folder, a loop of links). */
    public boolean badPath() {
        return badPath;
    }
}
