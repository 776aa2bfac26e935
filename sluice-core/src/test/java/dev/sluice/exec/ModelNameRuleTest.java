package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.DefinitionException;
import dev.sluice.api.PortKind;
import dev.sluice.api.Problem;
import dev.sluice.api.RunStatus;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A model name or alias that breaks the rule is refused wherever it enters: validation, the run, the registry API. */
class ModelNameRuleTest {
    private static final String RULE = "a model name or alias has 1 to 128 characters, letters, digits, '.', '_' and '-',"
            + " and starts with a letter or a digit";

    @TempDir Path home;
    Workspace ws;

    @BeforeEach
    void open() {
        ws = Workspace.open(home);
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private static Component model() {
        return Component.of(ComponentSpec.builder("fake_model", "1").output("model", PortKind.MODEL).build(), ctx ->
                Files.writeString(ctx.outputDir("model").resolve("model.txt"), "m"));
    }

    private static PipelineBuilder register(String name, String alias) {
        return Pipeline.builder("names")
                .step("train", s -> s.uses(model()))
                .step("register", s -> s.uses("register").input("model", "train.model").with("name", name).with("alias", alias));
    }

    private static List<String> problems(PipelineBuilder b, Map<String, String> overrides) {
        DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> b.build(overrides));
        assertThat(e).as("expected the pipeline to be invalid").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void registerRefusesBadNamesAndAliasesAtValidation() {
        for (String bad : List.of("", ".", "..", "../../evil", "a/b", "x@y", "☃", "a b")) {
            assertThat(problems(register(bad, "challenger"), Map.of())).as(bad)
                    .containsExactly("steps.register.with.name: step 'register': model name '" + bad + "' is not allowed: " + RULE);
        }
        assertThat(problems(register("churn", "../up"), Map.of()))
                .containsExactly("steps.register.with.alias: step 'register': alias '../up' is not allowed: " + RULE);
    }

    @Test
    void aNameFromAPipelineParameterIsCheckedWithTheValueGiven() {
        PipelineBuilder b = register("${params.model}", "challenger")
                .param(dev.sluice.api.ParamSpec.of("model", dev.sluice.api.ParamType.STRING, "churn"));
        assertThat(problems(b, Map.of("model", "../../evil"))).containsExactly(
                "steps.register.with.name: step 'register': model name '../../evil' is not allowed: " + RULE);
    }

    @Test
    void aNameKnownOnlyAtRunTimeFailsTheStepBeforeAnythingIsRegistered() {
        Pipeline p = Pipeline.builder("names")
                .step("train", s -> s.uses(model()))
                .step("name", s -> s.run("python3", "-c", "print('{\"n\": 1}')"))
                .step("register", s -> s.uses("register").input("model", "train.model")
                        .with("name", "../${steps.name.metrics.n}"))
                .build();
        RunResult r = new LocalExecutor(RunOptions.defaults(home), ws).run(p, RunListener.NONE);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("register").orElseThrow().error()).contains("step 'register': model name '../1' is not allowed: " + RULE);
        assertThat(ws.metadata().models().latest()).isEmpty();
    }

    @Test
    void promoteRefusesAnEmptyAliasAtValidation() {
        PipelineBuilder b = register("churn", "challenger")
                .step("promote", s -> s.uses("promote").input("version", "register.version").with("alias", ""));
        assertThat(problems(b, Map.of())).containsExactly(
                "steps.promote.with.alias: step 'promote': alias '' is not allowed: " + RULE);
    }

    @Test
    void theRegistryApiRefusesThemToo() {
        assertThatThrownBy(() -> ws.metadata().models().register("../../evil", "sha256:00", Optional.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("model name '../../evil' is not allowed: " + RULE);
        assertThatThrownBy(() -> ws.metadata().models().register("churn", "sha256:00", Optional.empty(), List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alias 'a b' is not allowed: " + RULE);
        assertThatThrownBy(() -> ws.metadata().models().alias("churn", 1, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alias '' is not allowed: " + RULE);
        assertThat(ws.metadata().models().latest()).isEmpty();
    }
}
