package dev.sluice.security;

import dev.sluice.cli.CliEnvironment;
import dev.sluice.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sluice} command as the tests drive it: in a child JVM as the launcher runs it ({@link #child}, {@link
 * #start}), or in-process through {@link Main#run} where a test tries many inputs against the same entry point
 * ({@link #inProcess}). Every call uses {@code SLUICE_HOME=home} and the repository root as working folder.
 */
record Sluice(Path home, Map<String, String> env) {
    Sluice(Path home) {
        this(home, Map.of());
    }

    /** What one invocation did. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** The repository root (tests run in the module folder). */
    static Path repoRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    Sluice with(String name, String value) {
        Map<String, String> e = new HashMap<>(env);
        e.put(name, value);
        return new Sluice(home, e);
    }

    Result inProcess(String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("SLUICE_HOME", home.toString());
        e.putIfAbsent("PATH", System.getenv("PATH"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, CliEnvironment.plain(e, repoRoot()), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** Starts {@code sluice ARGS} in a child JVM; its stdout and stderr go to files in {@code home}. */
    Process start(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(home);
            ProcessBuilder b = new ProcessBuilder(command).directory(repoRoot().toFile())
                    .redirectOutput(home.resolve("child-out.txt").toFile()).redirectError(home.resolve("child-err.txt").toFile());
            b.environment().putAll(env);
            b.environment().put("SLUICE_HOME", home.toString());
            b.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            return b.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code sluice ARGS} in a child JVM to the end (at most 5 minutes). */
    Result child(String... args) {
        Process p = start(args);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("sluice " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Result(p.exitValue(), Files.readString(home.resolve("child-out.txt")),
                    Files.readString(home.resolve("child-err.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
