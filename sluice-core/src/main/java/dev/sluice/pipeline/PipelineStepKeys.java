package dev.sluice.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The step keys a step that uses a pipeline ({@code uses: pipeline:...}) does not take: it stands for the steps of
 * that pipeline, which set how they run themselves. It takes {@code uses}, {@code with}, {@code inputs},
 * {@code after} and {@code description}. Stateless.
 */
final class PipelineStepKeys {
    private PipelineStepKeys() {
    }

    /** The keys {@code s} sets that a pipeline step does not take, in the order the schema lists them. */
    static List<String> unsupported(StepSpec s) {
        List<String> out = new ArrayList<>();
        if (!s.outputs().isEmpty()) out.add("outputs");
        if (!s.matrix().isEmpty()) out.add("matrix");
        if (s.sweep().isPresent()) out.add("sweep");
        if (s.when().isPresent()) out.add("when");
        if (!s.retries().equals(RetryPolicy.NONE)) out.add("retries");
        if (s.timeout().isPresent()) out.add("timeout");
        if (!s.checks().isEmpty()) out.add("checks");
        if (s.cpu() != 1) out.add("resources");
        if (!s.env().isEmpty()) out.add("env");
        if (!s.code().isEmpty()) out.add("code");
        if (!s.cache()) out.add("cache");
        return out;
    }

    /** What to do instead of setting {@code key} on a step that uses {@code uses}. */
    static String hint(String key, String uses) {
        return switch (key) {
            case "outputs" -> "Its outputs are the outputs: the pipeline declares; read them as STEP.NAME.";
            case "checks" -> "Put checks: on the steps inside " + uses + ".";
            default -> "Set " + key + ": on the steps inside " + uses + ".";
        };
    }
}
