package dev.sluice.pipeline;

import dev.sluice.api.PortKind;

/** One output of one step instance, e.g. {@code gbdt[eta=0.1].model}. */
public record OutputRef(String step, String output, PortKind kind) {
    @Override
    public String toString() {
        return step + "." + output;
    }
}
