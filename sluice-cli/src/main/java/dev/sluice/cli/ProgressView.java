package dev.sluice.cli;

/**
 * Shows a run's progress from a {@link ProgressBoard}. {@link #tick()} is called about every 100 ms
 * from one renderer thread, {@link #finish()} once after the run; never concurrently.
 */
interface ProgressView {
    ProgressView NONE = new ProgressView() {
        @Override public void tick() { }
        @Override public void finish() { }
    };

    void tick();

    void finish();
}
