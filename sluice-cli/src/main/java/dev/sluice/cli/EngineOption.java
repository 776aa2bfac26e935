package dev.sluice.cli;

import dev.sluice.engine.EngineSettings;
import dev.sluice.engine.Engines;
import dev.sluice.exec.RunOptions;
import dev.sluice.pipeline.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Optional;

/**
 * {@code --engine} and {@code --master} of {@code sluice run}: checked here so that a mistake is a usage error (exit 2)
 * before anything runs, and an engine missing from the class path says how to get it. Stateless.
 */
final class EngineOption {
    private EngineOption() {}

    static RunOptions apply(RunOptions options, String engine, String master, CommandSpec spec) {
        if (engine == null) {
            if (master != null) throw usage(spec, "--master " + master + " needs --engine spark: write --engine spark --master " + master);
            return options;
        }
        if (!Engines.NAMES.contains(engine)) {
            throw usage(spec, "--engine " + engine + " is not an engine; engines are " + String.join(", ", Engines.NAMES)
                    + Suggestions.didYouMean(engine, Engines.NAMES).map(s -> ". " + s).orElse(""));
        }
        if (master != null && engine.equals(Engines.LOCAL)) throw usage(spec, "--master is for --engine spark, not local");
        if (master != null && !(master.matches("local(\\[(\\d+|\\*)(,\\d+)?])?") || master.matches("spark://[^\\s/]+:\\d+"))) {
            throw usage(spec, "--master " + master + " is neither local[N] nor spark://HOST:PORT; write e.g. --master local[2]");
        }
        if (!engine.equals(Engines.LOCAL) && Engines.provider(engine).isEmpty()) {
            throw usage(spec, "--engine " + engine + ": this sluice has no " + engine + " engine on its class path; run it"
                    + " through ./sluice (which adds sluice-" + engine + " for --engine " + engine + ")");
        }
        return options.withEngine(new EngineSettings(engine, Optional.ofNullable(master)));
    }

    private static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
