package dev.sluice.ml;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;
import dev.sluice.api.ParamSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class MlComponentsTest {
    @Test
    void serviceLoaderFindsTheTableAndCheckComponents() {
        List<String> names = ServiceLoader.load(ComponentProvider.class).stream()
                .flatMap(p -> p.get().components().stream())
                .map(c -> c.spec().name()).toList();
        assertThat(names).contains("csv", "parquet", "jdbc", "sql", "split", "expect", "profile");
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void everyDefaultPassesItsOwnParameterCheck() {
        for (Component c : new MlComponents().components()) {
            assertThat(c.spec().version()).as(c.spec().name() + " version").matches("[1-9][0-9]*");
            for (ParamSpec p : c.spec().params()) {
                p.defaultValue().ifPresent(d -> assertThat(p.validate(d)).as(c.spec().name() + "." + p.name()).isEqualTo(d));
            }
        }
    }
}
