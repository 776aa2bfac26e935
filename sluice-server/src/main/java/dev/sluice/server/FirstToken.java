package dev.sluice.server;

import dev.sluice.server.auth.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin token a server creates on its first start, when the workspace has no active token: shown once (the
 * caller prints it; it never goes to a log) and written to {@code home/server/admin-token}, readable by the owner
 * only (mode 0600). Immutable.
 */
public record FirstToken(String token, Path file) {
    public FirstToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(file, "file");
    }

    /** Creates the first admin token if there is none, and writes it to its file. */
    static Optional<FirstToken> ensure(Tokens tokens, Path home) {
        Optional<Tokens.Created> created = tokens.createFirstAdmin();
        if (created.isEmpty()) return Optional.empty();
        Path file = home.resolve("server").resolve("admin-token");
        write(file, created.get().token() + "\n");
        return Optional.of(new FirstToken(created.get().token(), file));
    }

    /** Writes the file with owner-only permissions from its creation (never readable by others, even briefly). */
    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path tmp = posix
                    ? Files.createTempFile(file.getParent(), ".admin-token-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(file.getParent(), ".admin-token-", ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FirstToken[token=***, file=" + file + "]";
    }
}
