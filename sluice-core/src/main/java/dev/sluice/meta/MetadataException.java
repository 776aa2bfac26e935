package dev.sluice.meta;

import dev.sluice.api.PipelineException;

/**
 * The metadata store failed: it could not be opened, migrated, written or read, or a lookup was
 * ambiguous. The message says which database and what to do.
 */
public class MetadataException extends PipelineException {
    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
