package dev.sluice.cli;

/**
 * Calls {@link ProgressView#tick()} about every 100 ms on a daemon thread until {@link #close()},
 * which stops the thread and renders the final state. Thread-safe.
 */
final class ProgressTicker implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;

    private final ProgressView view;
    private final Thread thread;
    private volatile boolean running = true;

    ProgressTicker(ProgressView view) {
        this.view = view;
        this.thread = Thread.ofPlatform().daemon().name("sluice-progress").unstarted(this::loop);
        thread.start();
    }

    private void loop() {
        while (running) {
            view.tick();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        view.finish();
    }
}
