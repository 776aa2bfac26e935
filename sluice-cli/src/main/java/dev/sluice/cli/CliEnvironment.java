package dev.sluice.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line reads from its surroundings: environment variables, the working folder,
 * whether stdout is an interactive terminal and whether colours are wanted. Tests build their own;
 * {@link #system()} reads the real process. Immutable.
 *
 * @param terminal       stdout is an interactive terminal: progress is redrawn in place
 * @param colour         ANSI colours are allowed (a terminal, no {@code NO_COLOR}, {@code TERM} not {@code dumb})
 * @param unicode        stdout can show symbols such as ✓ (its charset is UTF-8)
 * @param installSignals install Ctrl-C handlers that cancel a run (only in a real process)
 */
public record CliEnvironment(Map<String, String> env, Path workingDir, boolean terminal, boolean colour,
                             boolean unicode, boolean installSignals) {
    public CliEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
    }

    /** The real process: {@link System#getenv()}, the current folder, and the console. */
    public static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        boolean terminal = isTerminal();
        boolean colour = terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        boolean unicode = System.out.charset().name().toUpperCase(java.util.Locale.ROOT).startsWith("UTF");
        return new CliEnvironment(env, Path.of("").toAbsolutePath(), terminal, colour, unicode, true);
    }

    /** Not a terminal, no colours, no signal handlers: what tests want. */
    public static CliEnvironment plain(Map<String, String> env, Path workingDir) {
        return new CliEnvironment(env, workingDir, false, false, true, false);
    }

    /** Sluice's state folder: {@code SLUICE_HOME}, else {@code .sluice} under the working folder. */
    public Path home() {
        String configured = env.get("SLUICE_HOME");
        if (configured != null && !configured.isBlank()) return workingDir.resolve(configured).toAbsolutePath();
        return workingDir.resolve(".sluice");
    }

    /**
     * The path to open for what the user typed: as typed when it is absolute or when the working folder
     * is the process's own (so messages show the path as typed), else resolved against the working folder.
     */
    public Path resolve(String userPath) {
        Path typed = Path.of(userPath);
        if (typed.isAbsolute() || workingDir.equals(Path.of("").toAbsolutePath())) return typed;
        return workingDir.resolve(typed).normalize();
    }

    /** The terminal width from {@code COLUMNS}, else 100. */
    public int columns() {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "100").trim());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /**
     * True when stdout is an interactive terminal. Since JDK 22 {@link System#console()} returns a
     * console even when output is redirected, so {@code Console.isTerminal()} (JDK 22+, called by
     * reflection because we compile for 21) has the last word.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
