package dev.sluice.ml.model;

import dev.sluice.ml.table.Frame;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreprocessComponentTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTransformedTableAndATransformArtifact() throws Exception {
        Frame housing = TestData.csv("housing_sample.csv");
        TestContext ctx = new TestContext(dir).named("prep").cpus(2).param("target", "median_house_value")
                .input("data", TestData.parquet(housing, dir.resolve("h.parquet")));
        TestContext.run(new PreprocessComponent(TestData.TABLES), ctx);
        Frame out = TestData.TABLES.read(ctx.outputs.get("data"));
        assertThat(out.names()).contains("total_bedrooms", "ocean_proximity=INLAND", "median_house_value");
        assertThat(out.column("total_bedrooms").isNull(0)).isFalse();
        ModelInfo info = ModelArtifact.readInfo(ctx.outputs.get("transform"));
        assertThat(info.modelType()).isEqualTo("transform");
        assertThat(info.preprocess().featureNames()).isEqualTo(out.names().subList(0, out.names().size() - 1));
        assertThatThrownBy(() -> ModelArtifact.load(ctx.outputs.get("transform")))
                .hasMessageEndingWith("holds only a preprocessing transform, not a model; wire a trainer's 'model' output here");
    }
}
