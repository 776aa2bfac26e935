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
 * snapshots from another thread. With a {@link Durability}, a change is held until the records submitted before it
 * are committed, so what is shown survives a crash. Thread-safe.
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

    /**
     * When what a listener saw is durable: {@code submitted} is read as an event arrives (after the run's recorder
     * submitted its records), and the change is shown once {@code committed} reaches that value. A step is then never
     * shown succeeded before its record is committed, so a crash cannot lose a step the user saw succeed.
     */
    record Durability(java.util.function.LongSupplier submitted, java.util.function.LongSupplier committed) {
        /** For a run nothing records: every change is shown at once. */
        static final Durability NONE = new Durability(() -> 0, () -> 0);

        /** Changes wait for the records the workspace's writer took before them. */
        static Durability of(dev.sluice.meta.MetadataWriter writer) {
            return new Durability(writer::submitted, writer::committed);
        }
    }

    /** A change not shown yet, and the writer's count of records it waits for. */
    private record Held(StepView view, long after) { }

    private final List<String> steps;
    /** What is shown: each step's latest change whose records are committed. */
    private final Map<String, StepView> states = new ConcurrentHashMap<>();
    /** Each step's latest change, shown or held. */
    private final Map<String, StepView> latest = new ConcurrentHashMap<>();
    private final Queue<StepView> changes = new ConcurrentLinkedQueue<>();
    private final Queue<Held> held = new ConcurrentLinkedQueue<>();
    private final AtomicLong counter = new AtomicLong();
    private final Durability durability;
    private final Object releasing = new Object();

    ProgressBoard(List<String> steps) {
        this(steps, Durability.NONE);
    }

    ProgressBoard(List<String> steps, Durability durability) {
        this.durability = durability;
        this.steps = List.copyOf(steps);
        for (String s : steps) {
            StepView pending = new StepView(s, StepStatus.PENDING, Optional.empty(), Duration.ZERO, 0, "", 0);
            states.put(s, pending);
            latest.put(s, pending);
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
                    "retrying in " + Elapsed.format(e.delay()) + ": " + e.reason());
            case RunEvent.StepWaiting e -> update(e.step(), StepStatus.WAITING, Optional.empty(), Duration.ZERO, 1,
                    "waiting for approval: sluice approve " + e.runId() + " " + e.step() + " [--reject]"
                            + e.timeout().map(t -> " (rejected after " + Elapsed.format(t) + ")").orElse(""));
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
        StepView s = latest.get(step);
        return s == null ? Duration.ZERO : s.elapsed(now);
    }

    private void finish(String step, StepStatus status, Duration duration, String note) {
        StepView before = latest.get(step);
        int attempt = before == null ? 1 : Math.max(1, before.attempt());
        update(step, status, before == null ? Optional.empty() : before.started(), duration, attempt, note);
    }

    private void update(String step, StepStatus status, Optional<Instant> started, Duration duration, int attempt,
                        String note) {
        StepView before = latest.get(step);
        Optional<Instant> start = started.isPresent() || before == null ? started : before.started();
        StepView now = new StepView(step, status, start, duration, attempt, note, counter.incrementAndGet());
        latest.put(step, now);
        held.add(new Held(now, durability.submitted().getAsLong()));
        release();
    }

    /** Shows the held changes whose records are committed, in the order they came. */
    private void release() {
        synchronized (releasing) {
            long committed = durability.committed().getAsLong();
            for (Held h = held.peek(); h != null && h.after() <= committed; h = held.peek()) {
                held.poll();
                states.put(h.view().name(), h.view());
                changes.add(h.view());
            }
        }
    }

    /** Step names in pipeline order. */
    List<String> steps() {
        return steps;
    }

    /** Every step's state, in pipeline order (steps the board did not know at first come last). */
    List<StepView> snapshot() {
        release();
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
        release();
        return changes.poll();
    }
}
