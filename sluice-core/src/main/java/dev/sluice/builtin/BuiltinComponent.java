package dev.sluice.builtin;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;

/**
 * What every built-in component shares: it is described by the {@link ComponentSpec} it is built with, so a subclass
 * passes its spec to the constructor and writes only {@link #run}. Built-ins whose runs are never taken from the cache
 * extend {@link UncachedBuiltin}. Stateless and thread-safe.
 *
 * <pre>{@code
 * public final class FileComponent extends BuiltinComponent {
 *     public FileComponent() { super(SPEC); }
 *     public void run(StepContext ctx) { ... }
 * }
 * }</pre>
 */
abstract sealed class BuiltinComponent implements Component
        permits ConcatComponent, CountComponent, FileComponent, RegisterComponent, UncachedBuiltin {
    private final ComponentSpec spec;

    BuiltinComponent(ComponentSpec spec) {
        this.spec = spec;
    }

    @Override
    public final ComponentSpec spec() {
        return spec;
    }
}
