package dev.sluice.fault;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;

/**
 * Named I/O calls of the artifact store that a test can make fail as the disk would: {@code SLUICE_IO_FAULT=POINT[:N]}
 * (or the system property {@code sluice.ioFault}) makes {@code POINT} throw from its {@code N}-th hit on, every time
 * (a full or failing disk stays that way). The exceptions are the ones the JDK throws for the real errno, so the code
 * that handles them cannot tell the difference. Unset, {@link #check} is one test of a static final field.
 *
 * <p>{@link #STORE_WRITE} stands in for a full disk only where a test cannot mount a small tmpfs (mounting needs root);
 * where it can, the kernel's own ENOSPC is used. {@link #STORE_FSYNC} has no such stand-in: no file system fails an
 * fsync on request. Thread-safe.
 */
public final class IoFaults {
    /** A blob's bytes being written into {@code store/tmp/}: fails with ENOSPC, "No space left on device". */
    public static final String STORE_WRITE = "store.write";
    /** An fsync of a stored file or folder: fails with EIO, "Input/output error". */
    public static final String STORE_FSYNC = "store.fsync";

    /** Every point. */
    public static final List<String> ALL = List.of(STORE_WRITE, STORE_FSYNC);

    private static final FaultSpec FAULT = FaultSpec.configured("sluice.ioFault", "SLUICE_IO_FAULT").orElse(null);

    private IoFaults() {
    }

    /** Throws the configured error when {@code point} is the configured fault and its hit has come; else nothing. */
    public static void check(String point, Path file) throws IOException {
        if (FAULT != null && FAULT.firesFromNowOn(point)) {
            String reason = STORE_WRITE.equals(point) ? "No space left on device" : "Input/output error";
            throw new FileSystemException(file.toString(), null, reason);
        }
    }
}
