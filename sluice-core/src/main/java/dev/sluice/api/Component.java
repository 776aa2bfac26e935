package dev.sluice.api;

import java.util.Map;

/**
 * A reusable step: a {@link Step} with a {@link ComponentSpec} describing its name, version, typed
 * ports and typed parameters. Built-ins are found by short name ({@code uses: file}); a user
 * component is found by its class name ({@code uses: com.acme.MyStep}) and needs a public no-arg
 * constructor.
 *
 * <pre>{@code
 * public final class Upper implements Component {
 *     public ComponentSpec spec() {
 *         return ComponentSpec.builder("upper", "1")
 *                 .input("in", PortKind.FILE).output("out", PortKind.FILE).build();
 *     }
 *     public void run(StepContext ctx) throws IOException {
 *         Files.writeString(ctx.outputFile("out", "upper.txt"),
 *                 Files.readString(ctx.input("in")).toUpperCase());
 *     }
 * }
 * }</pre>
 */
public interface Component extends Step {
    ComponentSpec spec();

    /**
     * Whether a run of this step with these parameters may be taken from the cache. Answer false when the step
     * reads or changes state that its inputs and parameters do not capture, such as the model registry (moving an
     * alias, or an evaluation against whatever version is champion now): a cached result would be stale or would
     * skip the change. Such steps run every time, as if they had {@code cache: false}. Default: true.
     */
    default boolean cacheable(Map<String, Object> params) {
        return true;
    }

    /** A component from a spec and a lambda, handy for the Java API and tests. */
    static Component of(ComponentSpec spec, Step step) {
        return new Component() {
            @Override public ComponentSpec spec() { return spec; }
            @Override public void run(StepContext ctx) throws Exception { step.run(ctx); }
            @Override public String toString() { return spec.name() + "@" + spec.version(); }
        };
    }
}
