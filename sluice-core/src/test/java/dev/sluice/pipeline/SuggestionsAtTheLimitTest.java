package dev.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Did you mean ...?" at the edges of its rules: a name is suggested within an edit distance of a third of its length
 * plus one (at least 1, at most 3), or when it starts with the typed name of three letters or more; the typed name
 * itself is never suggested; the distance counts an adjacent swap as one edit.
 */
class SuggestionsAtTheLimitTest {
    @Test
    void aNameExactlyAtTheAllowedDistanceIsSuggestedAndOneFurtherIsNot() {
        // "lxd": 3 letters, so 2 edits allowed; "load" is 2 away
        assertThat(Suggestions.didYouMean("lxd", List.of("load"))).hasValue("Did you mean 'load'?");
        assertThat(Suggestions.didYouMean("lxz", List.of("load"))).isEmpty();
        // "mtrc": 4 letters, 2 edits allowed; "metric" is 2 away
        assertThat(Suggestions.didYouMean("mtrc", List.of("metric", "model"))).hasValue("Did you mean 'metric'?");
        // "tarining_data": 13 letters, 3 edits allowed at most
        assertThat(Suggestions.closest("tarining_dta", List.of("training_data"))).containsExactly("training_data");
        assertThat(Suggestions.closest("xarining_dtx", List.of("training_data"))).isEmpty();
    }

    @Test
    void aTypedPrefixOfThreeLettersOrMoreSuggestsTheLongNamesItStarts() {
        assertThat(Suggestions.didYouMean("eva", List.of("evaluation_report", "train"))).hasValue("Did you mean 'evaluation_report'?");
        assertThat(Suggestions.didYouMean("ev", List.of("evaluation_report", "train"))).isEmpty();
    }

    @Test
    void theTypedNameItselfIsNeverSuggested() {
        assertThat(Suggestions.closest("train", List.of("train", "trian"))).containsExactly("trian");
    }

    @Test
    void distanceCountsInsertionsSubstitutionsAndAdjacentSwaps() {
        assertThat(Suggestions.distance("x", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("abc", "")).isEqualTo(3);
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("ab", "cd")).isEqualTo(2);
        assertThat(Suggestions.distance("abcd", "acbd")).isEqualTo(1);
        assertThat(Suggestions.distance("abcd", "badc")).isEqualTo(2);
    }
}
