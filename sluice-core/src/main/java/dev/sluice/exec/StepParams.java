package dev.sluice.exec;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.pipeline.Template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A step's parameters on their way to the step and to its cache key: templates rendered. Stateless. */
final class StepParams {
    private StepParams() {
    }

    /**
     * Renders the parameters that are templates, in place; a Java component's declared parameters are then
     * validated ({@link ParamSpec#validate}).
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     */
    static void render(Map<String, Object> params, RefResolver resolver, ComponentSpec spec) {
        List<String> templated = new ArrayList<>();
        params.forEach((k, v) -> {
            if (v instanceof Template) templated.add(k);
        });
        for (String key : templated) {
            try {
                Object v = resolver.render(params.get(key));
                Optional<ParamSpec> ps = spec == null ? Optional.empty() : spec.param(key);
                params.put(key, ps.isPresent() ? ps.get().validate(v) : v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter '" + key + "': " + e.getMessage(), e);
            }
        }
    }

    /** Parameters for the cache key: templates rendered, except those naming paths that only exist once the step runs. */
    static Map<String, Object> forKey(Map<String, Object> params, RefResolver resolver) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v instanceof Template t && t.refs().stream().noneMatch(r -> r.namespace().equals("inputs")
                    || r.namespace().equals("outputs") || r.namespace().equals("env"))) {
                try {
                    out.put(k, resolver.render(t));
                    return;
                } catch (IllegalArgumentException e) {
                    // not resolvable yet: keep the template text
                }
            }
            out.put(k, v);
        });
        return out;
    }
}
