package dev.sluice.cli;

import dev.sluice.api.StepStatus;
import dev.sluice.exec.RunEvent;
import dev.sluice.exec.RunListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of every step of a run, kept up to date from {@link RunEvent}s. As a listener it
 * only swaps an immutable {@link StepView} in a map and queues the change; renderers read
 * snapshots from another thread. Thread-safe.
 */
final class ProgressBoard implements RunListener {
    /**
     * What is known about one step.
     *
     * @param started  when its current attempt started
     * @param duration how long it ran, once it is final
     * @param order    a global counter value of the last change, to find the latest finished steps
     */
    record StepView(String name, StepStatus status, Optional<Instant> started, Duration duration, int attempt,
                     String note, long order) {
        /** How long it has run: its duration once final, else the time since it started. */
        Duration elapsed(Instant now) {
            if (status.isFinal()) return duration;
            return started.map(s -> Duration.between(s, now)).orElse(Duration.ZERO);
        }
    }

    private final List<String> steps;
    private final Map<String, StepView> states = new ConcurrentHashMap<>();
    private final Queue<StepView> changes = new ConcurrentLinkedQueue<>();
    private final AtomicLong counter = new AtomicLong();

    ProgressBoard(List<String> steps) {
        this.steps = List.copyOf(steps);
        for (String s : steps) {
            states.put(s, new StepView(s, StepStatus.PENDING, Optional.empty(), Duration.ZERO, 0, "", 0));
        }
    }

    @Override
    public void onEvent(RunEvent event) {
        try {
            apply(event);
        } catch (RuntimeException e) {
            // a listener must never throw; a progress glitch is not worth failing a run
        }
    }

    private void apply(RunEvent event) {
        switch (event) {
            case RunEvent.StepStarted e -> update(e.step(), StepStatus.RUNNING, Optional.of(e.at()), Duration.ZERO, e.attempt(),
                    e.attempt() > 1 ? "attempt " + e.attempt() : "");
            case RunEvent.StepRetrying e -> update(e.step(), StepStatus.RUNNING, Optional.empty(), Duration.ZERO, e.failedAttempt(),
                    "retrying in " + Durations.format(e.delay()) + ": " + e.reason());
            case RunEvent.StepSucceeded e -> finish(e.step(), StepStatus.SUCCEEDED, e.duration(), "");
            case RunEvent.StepCached e -> finish(e.step(), StepStatus.CACHED, Duration.ZERO, "from run " + e.sourceRun());
            case RunEvent.StepFailed e -> finish(e.step(), StepStatus.FAILED, e.duration(), e.reason());
            case RunEvent.StepSkipped e -> finish(e.step(), StepStatus.SKIPPED, Duration.ZERO, e.reason());
            case RunEvent.StepBlocked e -> finish(e.step(), StepStatus.BLOCKED, Duration.ZERO, "by " + e.blockedBy());
            case RunEvent.StepCancelled e -> finish(e.step(), StepStatus.CANCELLED, elapsedOf(e.step(), e.at()), "");
            case RunEvent.RunStarted e -> { }
            case RunEvent.RunFinished e -> { }
        }
    }

    private Duration elapsedOf(String step, Instant now) {
        StepView s = states.get(step);
        return s == null ? Duration.ZERO : s.elapsed(now);
    }

    private void finish(String step, StepStatus status, Duration duration, String note) {
        StepView before = states.get(step);
        int attempt = before == null ? 1 : Math.max(1, before.attempt());
        update(step, status, before == null ? Optional.empty() : before.started(), duration, attempt, note);
    }

    private void update(String step, StepStatus status, Optional<Instant> started, Duration duration, int attempt,
                        String note) {
        StepView before = states.get(step);
        Optional<Instant> start = started.isPresent() || before == null ? started : before.started();
        StepView now = new StepView(step, status, start, duration, attempt, note, counter.incrementAndGet());
        states.put(step, now);
        changes.add(now);
    }

    /** Step names in pipeline order. */
    List<String> steps() {
        return steps;
    }

    /** Every step's state, in pipeline order (steps the board did not know at first come last). */
    List<StepView> snapshot() {
        List<StepView> out = new ArrayList<>(steps.size());
        for (String s : steps) out.add(states.get(s));
        if (states.size() > steps.size()) {
            states.values().stream().filter(s -> !steps.contains(s.name()))
                    .sorted(java.util.Comparator.comparingLong(StepView::order)).forEach(out::add);
        }
        return out;
    }

    /** The next state change not yet taken, or null. */
    StepView nextChange() {
        return changes.poll();
    }
}
