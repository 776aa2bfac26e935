package dev.sluice.api;

import java.util.Objects;

/**
 * A typed input or output of a component.
 *
 * @param many     an input that receives a list (fan-in: {@code models: gbdt[*].model})
 * @param optional an input that may be left unwired, or whose producer may be skipped
 */
public record PortSpec(String name, PortKind kind, boolean many, boolean optional, String doc) {
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        doc = doc == null ? "" : doc;
    }

    public static PortSpec of(String name, PortKind kind) {
        return new PortSpec(name, kind, false, false, "");
    }
}
