package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Which {@code sluice run} command lines skip picocli, and that everything else is left to it. */
class RunArgumentsTest {
    private static Optional<RunArguments> parse(String... args) {
        return RunArguments.parse(args);
    }

    @Test
    void readsEveryOptionOfAPlainRunCommandLine() {
        assertThat(parse("--verbose", "run", "p.yaml", "--workers", "2", "-p", "a=1", "--param", "b=x=y", "--json",
                "--no-cache", "--fail-fast", "--resume", "20261127-0612"))
                .contains(new RunArguments(true, "p.yaml", List.of("a=1", "b=x=y"), 2, true, true, true, "20261127-0612"));
        assertThat(parse("run", "--workers=3", "p.yaml"))
                .contains(new RunArguments(false, "p.yaml", List.of(), 3, false, false, false, null));
    }

    @Test
    void leavesHelpErrorsAndUnusualFormsToPicocli() {
        assertThat(parse("run", "p.yaml", "--help")).isEmpty();
        assertThat(parse("run")).isEmpty();
        assertThat(parse("run", "a.yaml", "b.yaml")).isEmpty();
        assertThat(parse("run", "p.yaml", "--workers", "0")).isEmpty();
        assertThat(parse("run", "p.yaml", "--workers", "two")).isEmpty();
        assertThat(parse("run", "p.yaml", "--workers")).isEmpty();
        assertThat(parse("run", "p.yaml", "-p", "digits")).isEmpty();
        assertThat(parse("run", "p.yaml", "-pa=1")).isEmpty();
        assertThat(parse("run", "p.yaml", "--json", "--json")).isEmpty();
        assertThat(parse("run", "p.yaml", "--bogus")).isEmpty();
        assertThat(parse("validate", "p.yaml")).isEmpty();
        assertThat(parse("--version")).isEmpty();
    }

    /** The run command picocli builds from {@code args}. */
    private static RunCommand picocli(String... args) {
        CommandLine cli = new CommandLine(new SluiceCommand(CliEnvironment.plain(Map.of(), Path.of("."))));
        SluiceCommand.addSubcommands(cli, args);
        return (RunCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void aPlainCommandLineGivesTheSameRunCommandAsPicocli() {
        for (String[] args : List.of(
                new String[] {"run", "p.yaml"},
                new String[] {"run", "p.yaml", "--workers", "2", "-p", "a=1", "--param", "b=x=y", "--json"},
                new String[] {"run", "--no-cache", "--fail-fast", "p.yaml", "--resume", "r1", "--workers=3"})) {
            RunCommand fast = RunCommand.of(parse(args).orElseThrow(), null);
            RunCommand slow = picocli(args);
            assertThat(List.of(fast.file, fast.params, String.valueOf(fast.workers), fast.failFast, fast.json, fast.noCache, String.valueOf(fast.resume)))
                    .as(String.join(" ", args))
                    .isEqualTo(List.of(slow.file, slow.params == null ? List.of() : slow.params, String.valueOf(slow.workers),
                            slow.failFast, slow.json, slow.noCache, String.valueOf(slow.resume)));
        }
    }

    @Test
    void everyOptionOfRunIsOneThatTheFastPathKnows() {
        // a new option on RunCommand must be taught to RunArguments (or left to picocli on purpose): this fails until then
        CommandLine run = new CommandLine(new SluiceCommand(CliEnvironment.plain(Map.of(), Path.of("."))));
        SluiceCommand.addSubcommands(run, new String[] {"run"});
        Set<String> names = new TreeSet<>();
        run.getSubcommands().get("run").getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        // left to picocli on purpose: --server (a remote run's time is the server's), --dry-run (a plan's start-up time
        // matters less), --engine and --master (a Spark session's start dwarfs picocli's), --finally-grace (rare)
        assertThat(names).containsExactlyInAnyOrder("-p", "--param", "--workers", "--fail-fast", "--json", "--no-cache",
                "--dry-run", "--resume", "--server", "--engine", "--master", "--finally-grace", "--verbose", "-h", "--help",
                "-V", "--version");
    }
}
