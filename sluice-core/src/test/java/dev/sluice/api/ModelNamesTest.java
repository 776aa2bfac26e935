package dev.sluice.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One rule for model names and aliases. */
class ModelNamesTest {
    private static final List<String> BAD = List.of("", ".", "..", "../../evil", "a/b", "x@y", "☃", "a b", "-x", ".hidden",
            "a\\b", "a\nb", "x".repeat(129));

    @Test
    void refusesWhatCouldEscapeOrBreakAReference() {
        for (String name : BAD) {
            assertThat(ModelNames.nameProblem(name)).as(name).isPresent();
            assertThat(ModelNames.aliasProblem(name)).as(name).isPresent();
        }
        assertThat(ModelNames.nameProblem("../../evil")).contains("model name '../../evil' is not allowed: a model name"
                + " or alias has 1 to 128 characters, letters, digits, '.', '_' and '-', and starts with a letter or a digit");
        assertThat(ModelNames.aliasProblem("")).contains("alias '' is not allowed: a model name or alias has 1 to 128"
                + " characters, letters, digits, '.', '_' and '-', and starts with a letter or a digit");
        assertThat(ModelNames.nameProblem("a\nb")).contains("model name 'a\\nb' is not allowed: a model name or alias has 1 to"
                + " 128 characters, letters, digits, '.', '_' and '-', and starts with a letter or a digit");
    }

    @Test
    void acceptsOrdinaryNames() {
        for (String name : List.of("churn", "Churn-2", "elec2.v1", "a", "1st", "x".repeat(128), "a..b")) {
            assertThat(ModelNames.nameProblem(name)).as(name).isEmpty();
            assertThat(ModelNames.aliasProblem(name)).as(name).isEmpty();
        }
    }

    @Test
    void anAliasCannotBeANumberWhichMeansAVersion() {
        assertThat(ModelNames.nameProblem("3")).isEmpty();
        assertThat(ModelNames.aliasProblem("3")).contains("alias '3' is not allowed: a number after '@' means a version"
                + " (churn@3); start the alias with a letter");
    }

    @Test
    void aReferenceIsANameWithAnAliasOrAVersion() {
        for (String ok : List.of("churn", "churn@champion", "churn@3")) assertThat(ModelNames.referenceProblem(ok)).as(ok).isEmpty();
        assertThat(ModelNames.referenceProblem("../x@champion")).contains("model name '../x' is not allowed: a model name or"
                + " alias has 1 to 128 characters, letters, digits, '.', '_' and '-', and starts with a letter or a digit");
        assertThat(ModelNames.referenceProblem("churn@")).contains("alias '' is not allowed: a model name or alias has 1 to"
                + " 128 characters, letters, digits, '.', '_' and '-', and starts with a letter or a digit");
        assertThat(ModelNames.referenceProblem("a@b@c")).isPresent();
    }
}
