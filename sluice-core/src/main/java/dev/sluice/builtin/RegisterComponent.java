package dev.sluice.builtin;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ModelNames;
import dev.sluice.api.ModelRegistry;
import dev.sluice.api.ModelVersion;
import dev.sluice.api.ParamRule;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers its input model as the next version of a named model in the workspace's registry, with lineage to
 * the run, and points an alias at it. The version records the metrics of the step that produced the model (an
 * {@code evaluate} step's test metrics, typically). Outputs the version as a value. Stateless and thread-safe.
 *
 * <pre>{@code
 * register: {uses: register, inputs: {model: evaluate.best}, with: {name: churn, alias: challenger}}
 * }</pre>
 */
public final class RegisterComponent extends BuiltinComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("register", "1")
            .description("Registers a model as the next version of a named model and points an alias at it.")
            .input("model", PortKind.MODEL, "the model folder to register, e.g. evaluate.best")
            .param(ParamSpec.of("name", ParamType.STRING).withDoc("the model's name, e.g. churn"))
            .param(ParamSpec.of("alias", ParamType.STRING, "").withDoc("an alias to point at the new version, e.g. challenger;"
                    + " empty for none"))
            .rule(ParamRule.check("name is a valid model name", v -> ModelNames.nameProblem(String.valueOf(v.get("name"))), "name"))
            .rule(ParamRule.check("alias, when given, is a valid alias", v -> ParamRule.given(v.get("alias"))
                    ? ModelNames.aliasProblem(String.valueOf(v.get("alias"))) : Optional.empty(), "alias"))
            .output("version", PortKind.VALUE, "{name, version, artifact} of the new version, for a promote step")
            .metric("version", "the registered version number")
            .build();

    public RegisterComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) {
        ModelRegistry registry = Registries.require(ctx, "registers a model");
        String artifact = ctx.inputId("model").orElseThrow(() -> new PipelineException(
                "step '" + ctx.stepName() + "': the model input is not a stored artifact"));
        String name = ctx.stringParam("name");
        String alias = ctx.stringParam("alias");
        // values known only at run time (a ${steps...} reference) meet the rule here, before anything is registered
        ModelNames.nameProblem(name).or(() -> alias.isEmpty() ? Optional.empty() : ModelNames.aliasProblem(alias))
                .ifPresent(p -> { throw new PipelineException("step '" + ctx.stepName() + "': " + p); });
        ModelVersion v = registry.register(name, artifact, Optional.empty(), alias.isEmpty() ? List.of() : List.of(alias));
        ctx.metric("version", v.version());
        ctx.log("registered " + v + (alias.isEmpty() ? "" : " as " + name + "@" + alias) + " (" + artifact + ")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", v.name());
        out.put("version", v.version());
        out.put("artifact", artifact);
        ctx.outputValue("version", out);
    }
}
