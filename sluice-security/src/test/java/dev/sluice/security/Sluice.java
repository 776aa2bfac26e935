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
public record Sluice(Path home, Map<String, String> env, List<String> jvmOptions) {
    public Sluice(Path home) {
        this(home, Map.of(), List.of());
    }

    /** What one invocation did. */
    public record Result(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** The repository root (tests run in the module folder). */
    public static Path repoRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    public Sluice with(String name, String value) {
        Map<String, String> e = new HashMap<>(env);
        e.put(name, value);
        return new Sluice(home, e, jvmOptions);
    }

    /** The same, with these options for child JVMs (e.g. {@code -Xmx256m}). */
    public Sluice withJvmOptions(String... options) {
        return new Sluice(home, env, List.of(options));
    }

    public Result inProcess(String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("SLUICE_HOME", home.toString());
        e.putIfAbsent("PATH", System.getenv("PATH"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, CliEnvironment.plain(e, repoRoot()), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** A started child JVM and the files its stdout and stderr go to. */
    public record Child(Process process, Path out, Path err) {
        /** Waits for the end (at most 5 minutes) and reads what it printed. */
        public Result await() {
            try {
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("sluice did not finish in 5 minutes: " + Files.readString(out) + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Starts {@code sluice ARGS} in a child JVM; its stdout and stderr go to files of their own in {@code home}. */
    public Child start(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(home);
            Path out = Files.createTempFile(home, "child-", ".out");
            Path err = Files.createTempFile(home, "child-", ".err");
            ProcessBuilder b = new ProcessBuilder(command).directory(repoRoot().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            b.environment().putAll(env);
            b.environment().put("SLUICE_HOME", home.toString());
            b.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            return new Child(b.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code sluice ARGS} in a child JVM to the end (at most 5 minutes). */
    public Result child(String... args) {
        return start(args).await();
    }
}
