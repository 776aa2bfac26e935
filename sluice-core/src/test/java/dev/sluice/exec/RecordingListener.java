package dev.sluice.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every event (OkHttp CallEvent style) and lets a test wait, bounded, for one. Thread-safe. */
final class RecordingListener implements RunListener {
    private final List<RunEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    private record Waiter(Predicate<RunEvent> test, CountDownLatch latch) {}

    @Override
    public void onEvent(RunEvent event) {
        events.add(event);
        for (Waiter w : waiters) {
            if (w.test.test(event)) w.latch.countDown();
        }
    }

    List<RunEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Events of one step, as short labels like {@code StepStarted}. */
    List<String> labels(String step) {
        List<String> out = new ArrayList<>();
        for (RunEvent e : events()) {
            if (e.stepName().filter(step::equals).isPresent()) out.add(e.getClass().getSimpleName());
        }
        return out;
    }

    <T extends RunEvent> List<T> ofType(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Registers interest before the run starts; await the returned latch with a timeout. */
    CountDownLatch on(Predicate<RunEvent> test) {
        CountDownLatch l = new CountDownLatch(1);
        waiters.add(new Waiter(test, l));
        for (RunEvent e : events()) {
            if (test.test(e)) l.countDown();
        }
        return l;
    }

    static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(20, TimeUnit.SECONDS)) throw new AssertionError("event did not happen within 20s");
    }
}
