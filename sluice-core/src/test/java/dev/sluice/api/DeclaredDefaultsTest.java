package dev.sluice.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A parameter's default is read from its declaration, so a component never repeats it in code. */
class DeclaredDefaultsTest {
    private static final ComponentSpec SPEC = ComponentSpec.builder("tree", "1")
            .param(ParamSpec.of("max_depth", ParamType.INT, 6L))
            .param(new ParamSpec("note", ParamType.STRING, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false, ""))
            .build();

    /** A context that holds only the parameters given, and knows the component's declarations. */
    private record Given(Map<String, Object> params) implements StepContext {
        @Override public Optional<ParamSpec> declaredParam(String name) { return SPEC.param(name); }
        @Override public String stepName() { return "gbdt"; }
        @Override public int attempt() { return 1; }
        @Override public Path input(String name) { throw new UnsupportedOperationException(); }
        @Override public List<Path> inputs(String name) { return List.of(); }
        @Override public Object inputValue(String name) { throw new UnsupportedOperationException(); }
        @Override public boolean hasInput(String name) { return false; }
        @Override public Path outputFile(String name, String fileName) { throw new UnsupportedOperationException(); }
        @Override public Path outputDir(String name) { throw new UnsupportedOperationException(); }
        @Override public void outputValue(String name, Object value) { }
        @Override public void metric(String name, double value) { }
        @Override public void log(String line) { }
        @Override public Path workDir() { throw new UnsupportedOperationException(); }
        @Override public int cpus() { return 1; }
        @Override public boolean cancelled() { return false; }
    }

    @Test
    void aParameterLeftOutReadsAsItsDeclaredDefault() {
        Given ctx = new Given(Map.of());
        assertThat(ctx.intParam("max_depth")).isEqualTo(6L);
        assertThat(ctx.optionalParam("max_depth")).contains(6L);
    }

    @Test
    void aGivenValueWinsOverTheDefault() {
        assertThat(new Given(Map.of("max_depth", 4L)).intParam("max_depth")).isEqualTo(4L);
    }

    @Test
    void anOptionalParameterWithoutDefaultIsAbsentAndAnUnknownOneFails() {
        Given ctx = new Given(Map.of());
        assertThat(ctx.optionalParam("note")).isEmpty();
        assertThatThrownBy(() -> ctx.param("depth")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step 'gbdt' has no parameter 'depth'");
    }
}
