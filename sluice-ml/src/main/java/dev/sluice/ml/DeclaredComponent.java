package dev.sluice.ml;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;

import java.util.Objects;

/**
 * A component whose spec is a constant, given once to the constructor; {@link #spec()} returns it. As thread-safe as
 * the subclass's {@code run}.
 */
public abstract class DeclaredComponent implements Component {
    private final ComponentSpec spec;

    protected DeclaredComponent(ComponentSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public final ComponentSpec spec() {
        return spec;
    }
}
