package dev.sluice.exec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a bare program name ({@code sh}, {@code python3}) on {@code PATH} once per run instead of once per
 * step: the process launcher otherwise tries {@code execve} in every {@code PATH} folder before the right one
 * on each start (8 failed calls per {@code sh} step with a typical {@code PATH}). Same rule as {@code execvp}:
 * the first folder holding an executable regular file of that name. A {@code PATH} with an empty or relative
 * entry (which would depend on the step's working folder), a name with a {@code /}, or a name not found is
 * returned unchanged, for the launcher to resolve or report as before. Thread-safe.
 */
final class ProgramPaths {
    private record Key(String path, String program) {}

    private final Map<Key, String> found = new ConcurrentHashMap<>();

    /** The absolute path to run for {@code program} with this {@code PATH} (null: none), or {@code program} itself. */
    String resolve(String program, String path) {
        if (program.isEmpty() || program.indexOf('/') >= 0 || path == null || path.isEmpty()) return program;
        return found.computeIfAbsent(new Key(path, program), k -> search(k.program(), k.path()));
    }

    private static String search(String program, String path) {
        for (String dir : path.split(":", -1)) {
            if (dir.isEmpty() || !dir.startsWith("/")) return program; // depends on the working folder: leave it
            try {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate.toString();
            } catch (InvalidPathException e) {
                return program;
            }
        }
        return program;
    }
}
