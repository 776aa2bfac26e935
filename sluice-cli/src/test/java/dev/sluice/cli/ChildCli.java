package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code sluice} as a real child process (a JVM on the test class path, started like the launcher starts
 * it), for what only a separate process shows: heap limits, signals, kill -9. Its stdout goes to {@code child.out}
 * and its stderr to {@code child.err} in the working folder.
 */
record ChildCli(Path workingDir, Path home, List<String> jvmOptions) {
    /** Starts {@code sluice ARGS...}; the caller waits for or kills the process. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(workingDir.resolve("child.out").toFile()).redirectError(workingDir.resolve("child.err").toFile());
        pb.environment().put("SLUICE_HOME", home.toString());
        return pb.start();
    }

    /** Runs {@code sluice ARGS...} to its end (at most two minutes) and returns its exit code. */
    int run(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("sluice " + String.join(" ", args) + " did not end within 2 minutes: " + output());
        }
        return p.exitValue();
    }

    /** What the process wrote on stdout so far. */
    String out() throws IOException {
        Path p = workingDir.resolve("child.out");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** Its stdout and stderr so far, for failure messages. */
    String output() throws IOException {
        Path err = workingDir.resolve("child.err");
        return out() + (Files.exists(err) ? Files.readString(err) : "");
    }
}
