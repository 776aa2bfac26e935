package dev.sluice.api;

/** A step failed in a run: which step, which attempt, and why. */
public class StepFailedException extends PipelineException {
    private final String step;
    private final int attempt;

    public StepFailedException(String step, int attempt, String reason, Throwable cause) {
        super("step '" + step + "' failed (attempt " + attempt + "): " + reason, cause);
        this.step = step;
        this.attempt = attempt;
    }

    public String step() { return step; }
    public int attempt() { return attempt; }
}
