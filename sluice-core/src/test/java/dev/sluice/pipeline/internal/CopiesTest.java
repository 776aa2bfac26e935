package dev.sluice.pipeline.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopiesTest {
    private static Map<String, Object> entries(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = n; i > 0; i--) m.put("k" + i, i);   // not in sorted order
        return m;
    }

    @Test
    void smallAndLargeCopiesKeepOrderEqualityAndLookups() {
        for (int n : new int[] {1, 2, SmallMap.MAX, SmallMap.MAX + 1, 50}) {
            Map<String, Object> source = entries(n);
            Map<String, Object> copy = Copies.ordered(source);
            assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
            assertThat(copy.keySet()).containsExactlyElementsOf(source.keySet());
            assertThat(copy.get("k1")).isEqualTo(1);
            assertThat(copy.get("missing")).isNull();
            assertThat(copy.containsKey("k" + n)).isTrue();
            assertThat(Copies.ordered(copy)).isSameAs(copy);
            assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            source.put("later", 0);
            assertThat(copy).doesNotContainKey("later");
        }
    }

    @Test
    void nullValuesSurviveACopy() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("a", null);
        Map<String, Object> copy = Copies.ordered(source);
        assertThat(copy.containsKey("a")).isTrue();
        assertThat(copy.get("a")).isNull();
    }
}
