package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

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
}
