package dev.sluice.ml.table;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TextLevelsTest {
    @Test
    void codesCountLevelsInTheOrderFirstSeenAndNullsApart() {
        Column.Strings col = new Column.Strings("color", new String[] {"red", null, "blue", new String("red"), "green", null, "blue"});
        TextLevels t = TextLevels.of(col);
        assertThat(t.levels()).containsExactly("red", "blue", "green");
        assertThat(t.codes()).containsExactly(0, TextLevels.NULL, 1, 0, 2, TextLevels.NULL, 1);
        assertThat(t.counts()).containsExactly(2, 2, 1);
        assertThat(t.nulls()).isEqualTo(2);
        assertThat(t.positionsIn(Map.of("blue", 0, "red", 1))).containsExactly(1, 0, -1);
    }

    @Test
    void aColumnsLevelsAreMadeOnceAndAnotherColumnGetsItsOwn() {
        String[] values = {"a", "b", "a"};
        Column.Strings col = new Column.Strings("x", values);
        assertThat(TextLevels.of(col)).isSameAs(TextLevels.of(col));
        assertThat(TextLevels.of(new Column.Strings("same values, other column", values))).isSameAs(TextLevels.of(col));
        TextLevels other = TextLevels.of(new Column.Strings("x", new String[] {"b", "a", "a"}));
        assertThat(other.levels()).containsExactly("b", "a");
        assertThat(TextLevels.of(new Column.Strings("empty", new String[0])).size()).isZero();
    }
}
