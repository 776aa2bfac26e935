package dev.sluice.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;

/**
 * The training run of the launcher's AOT cache for {@code sluice run} (see {@code ./sluice}): runs the bundled
 * training pipeline twice in this JVM, first for real and then again from the cache, so that the cache holds
 * the classes and method profiles of both paths a {@code run} takes (a fresh run and a fully cached re-run).
 * Not a user command; the launcher starts it with {@code -XX:AOTMode=record} and a throwaway {@code SLUICE_HOME}.
 *
 * <pre>{@code
 * SLUICE_HOME=$tmp java -XX:AOTMode=record -XX:AOTConfiguration=run.config -cp sluice.jar \
 *     dev.sluice.cli.AotTraining training.yaml
 * }</pre>
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** {@code args[0]}: the training pipeline file; exits 0 when both runs succeeded. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: AotTraining PIPELINE_FILE (the launcher's AOT training run)");
            System.exit(2);
        }
        CliEnvironment env = CliEnvironment.system(); // as a real run: signal handlers too
        PrintWriter out = new PrintWriter(Writer.nullWriter());
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        String[] run = {"run", Path.of(args[0]).toString(), "--workers", "2"};
        int code = Main.run(run, env, out, err);
        if (code == 0) code = Main.run(run, env, out, err); // every step from the cache
        System.exit(code);
    }
}
