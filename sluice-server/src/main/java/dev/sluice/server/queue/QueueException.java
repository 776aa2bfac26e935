package dev.sluice.server.queue;

/**
 * Why a run was not queued or cancelled: {@link Kind#SKIPPED} (its pipeline's {@code concurrency:} policy is
 * {@code skip} and the limit is reached), {@link Kind#NOT_FOUND}, {@link Kind#FINISHED} (nothing left to cancel) or
 * {@link Kind#DRAINING} (the server is stopping).
 */
public final class QueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind { SKIPPED, NOT_FOUND, FINISHED, DRAINING }

    private final Kind kind;

    public QueueException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
