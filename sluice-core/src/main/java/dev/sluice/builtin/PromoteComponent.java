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
import java.util.Map;
import java.util.Optional;

/**
 * Points an alias ({@code champion} by default) at the version a {@code register} step produced: promotion as a
 * step of the pipeline, so that it happens only when everything it depends on passed (the {@code evaluate} gate
 * against the champion, a {@code canary}). Servers that poll the registry then swap the new version in. Records
 * the metrics {@code version} and {@code previous} (the version the alias pointed at before; 0 when it pointed
 * nowhere) and logs the rollback command. Outputs the promoted version as a value. Stateless and thread-safe.
 *
 * <p>Never taken from the cache ({@link #cacheable}): a cached promotion would not move the alias again.
 *
 * <pre>{@code
 * register: {uses: register, inputs: {model: evaluate.best}, with: {name: elec, alias: challenger}}
 * canary:   {uses: canary, inputs: {model: evaluate.best, data: split.test}, after: [register]}
 * promote:  {uses: promote, inputs: {version: register.version}, after: [canary]}
 * }</pre>
 */
public final class PromoteComponent extends UncachedBuiltin {
    static final ComponentSpec SPEC = ComponentSpec.builder("promote", "1")
            .description("Points an alias (champion) at the version a register step produced.")
            .input("version", PortKind.VALUE, "a register step's version output, e.g. register.version")
            .param(ParamSpec.of("alias", ParamType.STRING, "champion").withDoc("the alias to move, e.g. champion"))
            .rule(ParamRule.check("alias is a valid alias", v -> ModelNames.aliasProblem(String.valueOf(v.get("alias"))), "alias"))
            .output("version", PortKind.VALUE, "{name, version, alias, previous} of the promotion")
            .metric("version", "the version the alias now points at")
            .metric("previous", "the version it pointed at before; 0 when the alias is new")
            .build();

    public PromoteComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) {
        ModelRegistry registry = Registries.require(ctx, "promotes a model");
        Registered r = Registered.of(ctx.stepName(), ctx.inputValue("version"));
        String alias = ctx.stringParam("alias");
        ModelNames.aliasProblem(alias).ifPresent(p -> { throw new PipelineException("step '" + ctx.stepName() + "': " + p); });
        Optional<ModelVersion> before = registry.resolve(r.name() + "@" + alias)
                .filter(v -> r.name().equals(v.name()) && v.aliases().contains(alias));
        ModelVersion v = registry.alias(r.name(), r.version(), alias);
        int previous = before.map(ModelVersion::version).orElse(0);
        ctx.metric("version", v.version());
        ctx.metric("previous", previous);
        ctx.log("promoted " + v + " to " + v.name() + "@" + alias + (previous == 0 ? " (the alias was new)"
                : " (was version " + previous + "; roll back with: sluice promote " + v.name() + " " + previous + " --alias " + alias + ")"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", v.name());
        out.put("version", v.version());
        out.put("alias", alias);
        out.put("previous", previous);
        ctx.outputValue("version", out);
    }

    /** The {@code version} value a {@code register} step outputs: {@code {"name": ..., "version": N, ...}}. */
    record Registered(String name, int version) {
        static Registered of(String step, Object value) {
            if (value instanceof Map<?, ?> m && m.get("name") instanceof String name && m.get("version") instanceof Number n) {
                return new Registered(name, n.intValue());
            }
            throw new PipelineException("step '" + step + "': input 'version' must be a register step's output, e.g."
                    + " inputs: {version: register.version}; got " + value);
        }
    }
}
