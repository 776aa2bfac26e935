package dev.sluice.store;

import dev.sluice.api.PipelineException;

/**
 * The artifact store refused or failed an operation: what went wrong, on which path or digest, and
 * what to do. Unchecked; I/O failures are wrapped with their cause.
 */
public class StoreException extends PipelineException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
