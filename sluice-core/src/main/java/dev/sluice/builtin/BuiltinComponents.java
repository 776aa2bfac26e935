package dev.sluice.builtin;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;

import java.util.List;

/**
 * Registers the built-in file components ({@code file}, {@code concat}, {@code count}) and
 * the registry steps ({@code register}, {@code promote}) and {@code approve} so that
 * {@link dev.sluice.pipeline.ComponentRegistry#defaults()} finds them. Stateless and thread-safe.
 */
public final class BuiltinComponents implements ComponentProvider {
    @Override
    public List<Component> components() {
        return List.of(new FileComponent(), new ConcatComponent(), new CountComponent(), new RegisterComponent(),
                new PromoteComponent(), new ApproveComponent());
    }
}
