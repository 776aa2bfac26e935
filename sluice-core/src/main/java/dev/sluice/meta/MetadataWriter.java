package dev.sluice.meta;

/**
 * The write side of the metadata store: records are queued and committed by one background thread,
 * many per transaction, in the order submitted.
 *
 * <p>Thread-safe: any thread may submit; records from one thread keep their order. {@link #submit}
 * does not wait for the disk, but blocks while the bounded queue is full (backpressure).
 */
public interface MetadataWriter {

    /**
     * Queues a record. Throws {@link MetadataException} if the writer is closed or has stopped on an
     * error it cannot recover from.
     */
    void submit(MetaWrite write);

    /**
     * Blocks until every record submitted before this call is committed (and so visible to other
     * connections and durable). Throws {@link MetadataException} if any of them could not be written;
     * the message names the record and the cause.
     */
    void flush();

    /**
     * Runs {@code action} on the writer thread before each transaction, e.g. to make durable the files that the
     * records about to be committed refer to (an artifact store's deferred writes). An action that throws (a failed
     * fsync) stops the writer from committing anything but the ends of runs, from that transaction on, since what
     * the records refer to may not be on the disk: the next {@link #flush()} reports the records dropped with the
     * action's message, and the process must be restarted to record more.
     */
    void beforeEachCommit(Runnable action);

    /**
     * How many records were submitted so far. A caller that reads it after submitting its own records and then sees
     * {@link #committed()} reach it knows that its records' transaction has ended, without waiting for it: how
     * progress shown to a user waits for what it shows to be durable.
     */
    long submitted();

    /**
     * How many submitted records are through their transaction (committed, or refused one by one and reported by the
     * next {@link #flush()}), in the order submitted; it stops growing once a before-commit action failed. Never more
     * than {@link #submitted()}.
     */
    long committed();
}
