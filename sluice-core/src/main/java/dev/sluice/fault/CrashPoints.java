package dev.sluice.fault;

import java.util.List;

/**
 * Named points of the durable path where a test can kill the JVM as {@code kill -9} would: {@link Runtime#halt}, no
 * shutdown hooks, no finally blocks, no buffered output written. {@code SLUICE_CRASH_AT=POINT:N} (or the system
 * property {@code sluice.crashAt}) halts the JVM with exit code {@value #EXIT_CODE} the {@code N}-th time
 * {@code POINT} is reached. Unset, {@link #reach} is one test of a static final field, which the JIT folds away.
 *
 * <p>The points, in the order a step's output travels: a blob staged in {@code tmp/} (written and hashed), just
 * before and just after its rename into place, a folder's manifest renamed into place, a deferred store sync about to
 * run (the first half of a group commit), then the metadata transaction with half of its records applied, before and
 * after its commit. Thread-safe.
 *
 * <pre>{@code
 * CrashPoints.reach(CrashPoints.STORE_AFTER_RENAME);
 * }</pre>
 */
public final class CrashPoints {
    /** The exit code of a JVM halted at a crash point (what a shell reports for a process killed by SIGKILL). */
    public static final int EXIT_CODE = 137;

    /** A blob's bytes are in {@code store/tmp/}, hashed (and fsynced when syncing is immediate), not yet renamed. */
    public static final String STORE_BLOB_STAGED = "store.blob.staged";
    /** A staged blob is read-only and its folder exists: the rename that publishes it is next. */
    public static final String STORE_BEFORE_RENAME = "store.blob.before-rename";
    /** A blob was renamed to its name; its folder entry is not fsynced yet. */
    public static final String STORE_AFTER_RENAME = "store.blob.after-rename";
    /** A folder artifact's manifest was renamed into place. */
    public static final String STORE_MANIFEST_RENAMED = "store.manifest.renamed";
    /** A group commit begins: the store's deferred writes are about to be fsynced, no record is applied yet. */
    public static final String META_BEFORE_SYNC = "meta.group-commit.before-sync";
    /** Inside a group commit's transaction, half of its records applied. */
    public static final String META_MID_COMMIT = "meta.group-commit.mid-transaction";
    /** Every record of a group commit applied, the transaction not committed yet. */
    public static final String META_BEFORE_COMMIT = "meta.group-commit.before-commit";
    /** A group commit's transaction committed; the flushes waiting for it are not released yet. */
    public static final String META_AFTER_COMMIT = "meta.group-commit.after-commit";

    /** Every point, in the order above. */
    public static final List<String> ALL = List.of(STORE_BLOB_STAGED, STORE_BEFORE_RENAME, STORE_AFTER_RENAME,
            STORE_MANIFEST_RENAMED, META_BEFORE_SYNC, META_MID_COMMIT, META_BEFORE_COMMIT, META_AFTER_COMMIT);

    private static final FaultSpec CRASH = FaultSpec.configured("sluice.crashAt", "SLUICE_CRASH_AT").orElse(null);

    private CrashPoints() {
    }

    /** Halts the JVM here when this is the configured point and its configured hit; otherwise does nothing. */
    public static void reach(String point) {
        if (CRASH != null && CRASH.fires(point)) {
            System.err.println("sluice: crash injected at " + point + " (SLUICE_CRASH_AT)");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
