package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.Problem;
import dev.sluice.api.StepContext;
import dev.sluice.yaml.YamlPipelineLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code uses: some.ClassName}: a class is checked to be a component before anything of it runs. */
class ComponentClassLoadingTest {
    private static List<String> problems(String uses) {
        var spec = new YamlPipelineLoader().parse("pipeline: p\nsteps:\n  a: {uses: " + uses + "}\n", "p.yaml",
                Path.of("").toAbsolutePath());
        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> new PipelineValidator(ComponentRegistry.empty()).validate(spec, Map.of()));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void aClassThatIsNoComponentIsRefusedWithoutRunningItsStaticInitializer() {
        assertThat(problems("dev.sluice.pipeline.StaticInitTrap")).containsExactly(
                "p.yaml:3:13: class 'dev.sluice.pipeline.StaticInitTrap' does not implement dev.sluice.api.Component."
                        + " A component class implements dev.sluice.api.Component and has a public no-argument constructor.");
        assertThat(System.getProperty(StaticInitTrap.PROPERTY)).as("static initializer ran").isNull();
    }

    @Test
    void anAbstractComponentOrAnInterfaceIsRefusedWithWhatToDo() {
        assertThat(problems("dev.sluice.pipeline.ComponentClassLoadingTest$Unfinished")).singleElement().asString()
                .contains("component class 'dev.sluice.pipeline.ComponentClassLoadingTest$Unfinished' is abstract;"
                        + " name a concrete class");
        assertThat(problems("dev.sluice.api.Component")).singleElement().asString()
                .contains("component class 'dev.sluice.api.Component' is an interface; name a concrete class");
    }

    @Test
    void aComponentClassIsStillLoadedAndMade() {
        var spec = new YamlPipelineLoader().parse("pipeline: p\nsteps:\n  a: {uses: " + Concrete.class.getName() + "}\n",
                "p.yaml", Path.of("").toAbsolutePath());
        Pipeline p = new PipelineValidator(ComponentRegistry.empty()).validate(spec, Map.of());
        assertThat(p.steps()).hasSize(1);
    }

    /** Implements Component but cannot be made. */
    public abstract static class Unfinished implements Component {
    }

    /** The smallest component. */
    public static final class Concrete implements Component {
        @Override
        public ComponentSpec spec() {
            return ComponentSpec.builder("concrete", "1").build();
        }

        @Override
        public void run(StepContext ctx) {
        }
    }
}
