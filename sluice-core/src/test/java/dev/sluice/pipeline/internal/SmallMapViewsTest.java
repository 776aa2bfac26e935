package dev.sluice.pipeline.internal;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The views of a {@link SmallMap} (a step's {@code with:} and {@code inputs:}: the validator asks them for their
 * names) behave as a {@link java.util.Map}'s, and {@link NameIndex} refuses a name given twice (a pipeline's step
 * names).
 */
class SmallMapViewsTest {
    private static Map<String, Object> small() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train", "load.data");
        m.put("test", "split.test");
        m.put("baseline", null);
        return Copies.ordered(m);
    }

    @Test
    void keySetAnswersContainsAndSizeLikeTheMap() {
        Map<String, Object> m = small();
        assertThat(m).isInstanceOf(SmallMap.class);
        Set<String> keys = m.keySet();
        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.contains("test")).isTrue();
        assertThat(keys.contains("baseline")).isTrue();
        assertThat(keys.contains("model")).isFalse();
        assertThat(keys.contains(null)).isFalse();
        assertThat(keys).containsExactly("train", "test", "baseline");
        assertThat(m.values()).hasSize(3).containsExactly("load.data", "split.test", null);
        assertThat(m.entrySet()).hasSize(3);
    }

    @Test
    void everyIteratorEndsWithNoSuchElement() {
        Map<String, Object> m = small();
        for (Iterator<?> it : new Iterator<?>[] {m.keySet().iterator(), m.values().iterator(), m.entrySet().iterator()}) {
            for (int i = 0; i < 3; i++) {
                assertThat(it.hasNext()).isTrue();
                it.next();
            }
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void aNameIndexRefusesANameGivenTwiceAndKeepsItsFirstPosition() {
        NameIndex index = new NameIndex(2);
        assertThat(index.add("load", 0)).isTrue();
        assertThat(index.add("train", 1)).isTrue();
        assertThat(index.add("load", 2)).isFalse();
        assertThat(index.indexOf("load")).isZero();
        assertThat(index.indexOf("train")).isEqualTo(1);
        assertThat(index.indexOf("eval")).isEqualTo(-1);
    }
}
