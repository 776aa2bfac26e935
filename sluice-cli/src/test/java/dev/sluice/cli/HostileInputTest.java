package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs from the outside probe (issue 13: nesting, numbers, names, classes): each is exit 2 with one located message,
 * never a stack trace.
 */
class HostileInputTest {
    private static final String RULE = "a model name or alias has 1 to 128 characters, letters, digits, '.', '_' and '-',"
            + " and starts with a letter or a digit";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Cli cli() {
        return new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    private Cli.Result validate(String yaml) throws IOException {
        Files.writeString(work.resolve("p.yaml"), yaml);
        return cli().run("validate", "p.yaml");
    }

    private static void noStackTrace(Cli.Result r) {
        assertThat(r.err()).doesNotContain("Exception", "Error:", "\tat ");
        assertThat(r.err().lines().count()).isLessThan(5);
    }

    @Test
    void twoThousandNestedBracketsAreALocatedProblem() throws IOException {
        Cli.Result r = validate("pipeline: x\nsteps:\n  a: {uses: count, with: {x: " + "[".repeat(2000) + "]".repeat(2000) + "}}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                p.yaml:3:126: lists and maps nest deeper than 100 levels. A pipeline needs a few levels; flatten this value.
                1 problem in p.yaml
                """);
    }

    @Test
    void twoThousandParenthesesInWhenAreALocatedProblem() throws IOException {
        Cli.Result r = validate("pipeline: x\nsteps:\n  a: {uses: file, with: {path: p.yaml}}\n"
                + "  b: {uses: count, inputs: {in: a.file}, when: \"" + "(".repeat(2000) + "true" + ")".repeat(2000) + "\"}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("p.yaml:4:48: condition \"((((").contains("nest deeper than 100 levels at column 101");
        noStackTrace(r);
    }

    @Test
    void nanForABoundedDoubleParameterIsRefused() throws IOException {
        Files.writeString(work.resolve("p.yaml"), """
                pipeline: x
                params:
                  min_lines: {type: double, default: 1, min: 0, max: 1000}
                steps:
                  a: {uses: file, with: {path: p.yaml}}
                  b: {uses: count, inputs: {in: a.file}, checks: {lines: ">= ${params.min_lines}"}}
                """);
        Cli.Result r = cli().run("run", "p.yaml", "-p", "min_lines=NaN");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("-p min_lines: min_lines must be a finite number, got NaN. Expected double, min 0, max 1000.\n"
                + "1 problem in p.yaml\n");
        Cli.Result huge = cli().run("run", "p.yaml", "-p", "min_lines=1e400");
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err()).startsWith("-p min_lines: min_lines must be a finite number, got '1e400' (Infinity).");
    }

    @Test
    void aClassThatIsNoComponentIsRefusedWithoutLoadingIt() throws IOException {
        Cli.Result r = validate("pipeline: x\nsteps:\n  a: {uses: org.duckdb.DuckDBNative}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("""
                p.yaml:3:13: class 'org.duckdb.DuckDBNative' does not implement dev.sluice.api.Component. A component class \
                implements dev.sluice.api.Component and has a public no-argument constructor.
                1 problem in p.yaml
                """);
    }

    @Test
    void promoteRefusesBadNamesAndAnEmptyAliasAsUsageErrors() {
        Cli.Result empty = cli().run("promote", "churn", "1", "--alias", "");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).isEqualTo("sluice: alias '' is not allowed: " + RULE + "\n"
                + "Run 'sluice promote --help' for usage.\n");
        Cli.Result evil = cli().run("promote", "../../evil", "1");
        assertThat(evil.code()).isEqualTo(2);
        assertThat(evil.err()).startsWith("sluice: model name '../../evil' is not allowed: " + RULE + "\n");
    }

    @Test
    void registerRefusesABadNameWhenValidating() throws IOException {
        Cli.Result r = validate("""
                pipeline: x
                steps:
                  t: {run: [echo], outputs: {model: model}}
                  r: {uses: register, inputs: {model: t.model}, with: {name: "x@y"}}
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("p.yaml:4:62: step 'r': model name 'x@y' is not allowed: " + RULE + "\n1 problem in p.yaml\n");
    }

    @Test
    void serveRefusesAReferenceThatBreaksTheNameRule() {
        Cli.Result r = cli().run("serve", "../evil@champion", "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sluice serve: '../evil@champion' is not a model reference (model name '../evil' is"
                + " not allowed: " + RULE + "); write NAME or NAME@ALIAS\n");
    }
}
