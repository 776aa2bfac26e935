package dev.sluice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * File-mode helpers for stored content: blobs are read-only so a step cannot change stored
 * content through a hard link by accident (the owner, or root, still can; {@code verify} catches
 * that). Falls back to the DOS read-only flag where POSIX modes are not supported. Stateless.
 */
final class Permissions {
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> READ_EXEC = PosixFilePermissions.fromString("r-xr-xr-x");

    private Permissions() {
    }

    /** Makes a file read-only ({@code r--r--r--}), or read-and-execute for executables and folders. */
    static void readOnly(Path p, boolean executable) throws IOException {
        PosixFileAttributeView view = posix(p);
        if (view != null) {
            view.setPermissions(executable ? READ_EXEC : READ_ONLY);
        } else if (!p.toFile().setWritable(false)) {
            throw new IOException("cannot make " + p + " read-only");
        }
    }

    /** Gives the owner write permission back (before deleting a read-only folder's entries). */
    static void ownerWritable(Path p) throws IOException {
        PosixFileAttributeView view = posix(p);
        if (view != null) {
            Set<PosixFilePermission> perms = EnumSet.copyOf(view.readAttributes().permissions());
            if (perms.add(PosixFilePermission.OWNER_WRITE)) {
                view.setPermissions(perms);
            }
        } else {
            p.toFile().setWritable(true);
        }
    }

    /** Whether the owner may execute the file; false where POSIX modes are not supported. */
    static boolean executable(Path p) throws IOException {
        PosixFileAttributeView view = posix(p);
        return view != null && view.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }

    private static PosixFileAttributeView posix(Path p) {
        return Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
