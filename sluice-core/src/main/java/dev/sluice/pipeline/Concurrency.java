package dev.sluice.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How many runs of one pipeline {@code sluice server} runs at once, and what a run submitted beyond that does: the
 * top-level {@code concurrency: {max: 1, policy: queue}} of a pipeline file. {@code sluice run} on the command line
 * ignores it (it runs what it is asked to). Immutable.
 *
 * @param max    at most this many runs of the pipeline queued-and-started at once (at least 1)
 * @param policy what a run submitted while {@code max} runs are going does
 */
public record Concurrency(int max, Policy policy) {
    /** What happens to a run submitted while {@code max} runs of its pipeline are going. */
    public enum Policy {
        /** It waits in the queue until one of them ends (the default). */
        QUEUE,
        /** It is not queued at all: the submission is refused and says so. */
        SKIP,
        /** The oldest going runs are cancelled to make room, then it is queued. */
        CANCEL_PREVIOUS;

        /** The name written in pipeline files: {@code queue}, {@code skip}, {@code cancel_previous}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The policy with this pipeline-file name. */
        public static Optional<Policy> parse(String text) {
            return Arrays.stream(values()).filter(p -> p.yamlName().equals(text)).findFirst();
        }
    }

    public Concurrency {
        if (max < 1) throw new IllegalArgumentException("concurrency max must be at least 1, got " + max);
        if (policy == null) policy = Policy.QUEUE;
    }
}
