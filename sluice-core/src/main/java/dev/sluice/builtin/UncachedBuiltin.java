package dev.sluice.builtin;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;

import java.util.Map;

/**
 * A built-in whose runs are never taken from the cache ({@link Component#cacheable}): it reads or changes state that
 * its inputs and parameters do not capture, a person's decision ({@code approve}) or the model registry's aliases
 * ({@code promote}). Stateless and thread-safe.
 */
abstract sealed class UncachedBuiltin extends BuiltinComponent permits ApproveComponent, PromoteComponent {
    UncachedBuiltin(ComponentSpec spec) {
        super(spec);
    }

    /** Never: a cached run would skip the decision or the change it exists for. */
    @Override
    public final boolean cacheable(Map<String, Object> params) {
        return false;
    }
}
