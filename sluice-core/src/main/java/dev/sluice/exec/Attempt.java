package dev.sluice.exec;

import java.util.concurrent.ScheduledFuture;

/**
 * One attempt of one step while it runs: what to stop when the run is cancelled or the step times out.
 * Thread-safe: {@link #abort} may be called from any thread, any number of times, also after the end.
 */
final class Attempt {
    /** Why an attempt was stopped from outside. */
    enum Abort { CANCELLED, TIMED_OUT }

    final int number;
    /** set by the worker when the attempt really starts */
    volatile java.time.Instant started;
    private final boolean interruptThread;
    private Thread thread;
    private Process process;
    private boolean session;
    private boolean finished;
    private volatile Abort aborted;
    private ScheduledFuture<?> timeout;

    Attempt(int number, boolean interruptThread) {
        this.number = number;
        this.interruptThread = interruptThread;
    }

    synchronized void bindThread(Thread t) {
        this.thread = t;
        if (aborted != null && interruptThread) t.interrupt();
    }

    /**
     * Registers the child process ({@code session}: it leads a session of its own); false (after killing it) when the
     * attempt was already aborted.
     */
    boolean bindProcess(Process p, boolean session) {
        synchronized (this) {
            if (aborted == null) {
                this.process = p;
                this.session = session;
                return true;
            }
        }
        ProcessTrees.kill(p.toHandle(), session);
        return false;
    }

    /** Kills the command's processes at once, without marking the attempt aborted: the JVM is about to exit. */
    void killProcesses() {
        Process p;
        boolean s;
        synchronized (this) {
            p = process;
            s = session;
        }
        if (p == null) return;
        if (s) ProcessSessions.kill(p.pid(), pid -> true);
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    synchronized void timeout(ScheduledFuture<?> future) {
        this.timeout = future;
    }

    /** Stops the attempt: interrupts a Java step's thread, kills a command step's process tree. */
    void abort(Abort why) {
        Process p;
        boolean s;
        synchronized (this) {
            if (finished || aborted != null) return;
            aborted = why;
            p = process;
            s = session;
            if (p == null && interruptThread && thread != null) thread.interrupt();
        }
        if (p != null) ProcessTrees.kill(p.toHandle(), s);
    }

    /** Null while not aborted. */
    Abort aborted() {
        return aborted;
    }

    /** Marks the end: later aborts do nothing, and a stray interrupt of the worker thread is cleared. */
    void finish() {
        ScheduledFuture<?> t;
        synchronized (this) {
            finished = true;
            t = timeout;
        }
        if (t != null) t.cancel(false);
        if (interruptThread) Thread.interrupted();
    }
}
