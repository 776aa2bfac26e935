package dev.sluice.exec;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Components and a small pipeline for durability tests: each step appends its name to {@code runs.txt} in the
 * pipeline folder (so tests can count what really ran) and writes a file its dependents read. Public, with
 * no-arg constructors, so a child JVM can load them by class name.
 */
public final class Chain {
    private Chain() {
    }

    /** Writes {@code text} (a parameter) into its output. */
    public static final class Source implements Component {
        public ComponentSpec spec() {
            return ComponentSpec.builder("chain-source", "1").param("text", ParamType.STRING, "hello")
                    .output("out", PortKind.FILE).build();
        }

        public void run(StepContext ctx) throws IOException {
            ranHere(ctx);
            Files.writeString(ctx.outputFile("out", "out.txt"), ctx.stringParam("text"));
        }
    }

    /** Appends {@code suffix} to its input; waits while the file named by {@code hold} exists (for kill tests). */
    public static final class Append implements Component {
        public ComponentSpec spec() {
            return ComponentSpec.builder("chain-append", "1").input("in", PortKind.FILE)
                    .param("suffix", ParamType.STRING, "+").param("hold", ParamType.STRING, "")
                    .param("fail_if", ParamType.STRING, "").output("out", PortKind.FILE).build();
        }

        public void run(StepContext ctx) throws Exception {
            ranHere(ctx);
            String hold = ctx.stringParam("hold");
            if (!hold.isEmpty()) {
                Files.writeString(ctx.resolve(ctx.stepName() + ".started"), "started");
                while (Files.exists(ctx.resolve(hold))) Thread.sleep(50);
            }
            String failIf = ctx.stringParam("fail_if");
            if (!failIf.isEmpty() && Files.exists(ctx.resolve(failIf))) {
                throw new IllegalStateException("failing because " + failIf + " exists");
            }
            Files.writeString(ctx.outputFile("out", "out.txt"), Files.readString(ctx.input("in")) + ctx.stringParam("suffix"));
        }
    }

    private static void ranHere(StepContext ctx) throws IOException {
        Files.writeString(ctx.resolve("runs.txt"), ctx.stepName() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** a → b → c, and an independent d; {@code bSuffix} is b's parameter. */
    static Pipeline pipeline(Path dir, Map<String, Object> bParams) {
        PipelineBuilder p = Pipeline.builder("chain").baseDir(dir)
                .step("a", s -> s.uses(Source.class.getName()))
                .step("b", s -> {
                    s.uses(Append.class.getName()).input("in", "a.out");
                    bParams.forEach(s::with);
                })
                .step("c", s -> s.uses(Append.class.getName()).input("in", "b.out"))
                .step("d", s -> s.uses(Source.class.getName()).with("text", "independent"));
        return p.build();
    }

    /** Runs the chain pipeline in a workspace: {@code Chain HOME DIR HOLD_FILE}. Used by the kill -9 test. */
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        try (Workspace ws = Workspace.open(home)) {
            RunResult r = new LocalExecutor(new RunOptions(2, false, home), ws)
                    .run(pipeline(dir, Map.of("hold", args[2])), RunListener.NONE);
            System.out.println(r.status());
        }
    }
}
