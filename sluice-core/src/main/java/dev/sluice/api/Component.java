package dev.sluice.api;

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

    /** A component from a spec and a lambda, handy for the Java API and tests. */
    static Component of(ComponentSpec spec, Step step) {
        return new Component() {
            @Override public ComponentSpec spec() { return spec; }
            @Override public void run(StepContext ctx) throws Exception { step.run(ctx); }
            @Override public String toString() { return spec.name() + "@" + spec.version(); }
        };
    }
}
