package dev.sluice.ml.model;

import dev.sluice.api.Component;
import dev.sluice.exec.WarmsUp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class WarmUpTest {
    @Test
    void everyComponentThatWarmsUpDoesSoWithoutFailing() {
        // the executor swallows a failed warm-up (the step then merely runs cold), so a broken one shows only here
        List<Component> warming = java.util.stream.Stream.concat(new ModelComponents().components().stream(),
                new dev.sluice.ml.MlComponents().components().stream()).filter(c -> c instanceof WarmsUp).toList();
        assertThat(warming).extracting(c -> c.spec().name()).contains("xgboost", "logistic", "linear", "csv");
        for (Component c : warming) {
            assertThatCode(((WarmsUp) c)::warmUp).as(c.spec().name()).doesNotThrowAnyException();
        }
    }
}
