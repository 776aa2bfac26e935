package dev.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line in-process with captured output, as tests need it. */
record Cli(Path workingDir, Map<String, String> env) {
    /** The repository root (tests run in the module folder). */
    static Path repoRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** What one invocation did. */
    record Result(int code, String out, String err) {}

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, CliEnvironment.plain(env, workingDir), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
