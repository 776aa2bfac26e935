package dev.sluice.builtin;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;

import java.util.Map;

/**
 * What every built-in component shares: the {@link ComponentSpec} it is built with and whether its runs may be taken
 * from the cache. A subclass passes both to the constructor and writes only {@link #run}. Stateless and thread-safe.
 *
 * <pre>{@code
 * public final class FileComponent extends BuiltinComponent {
 *     public FileComponent() { super(SPEC, Caching.ALLOWED); }
 *     public void run(StepContext ctx) { ... }
 * }
 * }</pre>
 */
abstract sealed class BuiltinComponent implements Component
        permits ApproveComponent, ConcatComponent, CountComponent, FileComponent, PromoteComponent, RegisterComponent {

    /** Whether a run of the component may be taken from the cache (see {@link Component#cacheable}). */
    enum Caching {
        /** The outputs depend only on the inputs and parameters. */
        ALLOWED,
        /** The step reads or changes state outside its inputs (the model registry, a person's decision). */
        NEVER
    }

    private final ComponentSpec spec;
    private final Caching caching;

    BuiltinComponent(ComponentSpec spec, Caching caching) {
        this.spec = spec;
        this.caching = caching;
    }

    @Override
    public final ComponentSpec spec() {
        return spec;
    }

    @Override
    public final boolean cacheable(Map<String, Object> params) {
        return caching == Caching.ALLOWED;
    }
}
