package dev.sluice.server.catalog;

import dev.sluice.api.DefinitionException;
import dev.sluice.api.ParamSpec;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validates pipeline specs as {@code sluice validate} and {@code sluice run} do, with the components on the server's
 * class path. A file is registered only when it validates with its parameters' defaults; a parameter without a
 * default (one each run must set) gets a stand-in value of its type for that check, so "needs a value" is not a
 * problem of the file. Thread-safe.
 */
public final class Definitions {
    private final PipelineValidator validator;

    public Definitions(ComponentRegistry registry) {
        this.validator = new PipelineValidator(registry);
    }

    /** The pipeline with these parameter values (text, as {@code -p} takes them). */
    public Pipeline validate(PipelineSpec spec, Map<String, String> params) {
        try {
            return validator.validate(spec, params);
        } catch (DefinitionException e) {
            throw e;
        } catch (RuntimeException e) {
            // a validator that trips over a spec the loader already found broken: report the loader's problems
            if (!spec.problems().isEmpty()) throw new DefinitionException(spec.problems());
            throw e;
        }
    }

    /** The pipeline with its defaults and a stand-in for each parameter that has none (for registering and drawing). */
    public Pipeline validateShape(PipelineSpec spec) {
        return validate(spec, standIns(spec));
    }

    /** A value of the right type within bounds for each required parameter without a default. */
    static Map<String, String> standIns(PipelineSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ParamSpec p : spec.params().values()) {
            if (p.defaultValue().isPresent() || !p.required()) continue;
            String v = switch (p.type()) {
                case INT -> Long.toString((long) Math.ceil(p.min().orElse(p.max().map(m -> Math.min(m, 0.0)).orElse(0.0))));
                case DOUBLE -> Double.toString(p.min().orElse(p.max().map(m -> Math.min(m, 0.0)).orElse(0.0)));
                case BOOL -> "false";
                case ENUM, STRING -> p.allowed().isEmpty() ? "x" : p.allowed().getFirst();
                case PATH -> ".";
                case LIST -> "x";
                case MAP -> null;
            };
            if (v != null) out.put(p.name(), v);
        }
        return out;
    }
}
