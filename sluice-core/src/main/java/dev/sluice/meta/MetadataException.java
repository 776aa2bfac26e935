package dev.sluice.meta;

import dev.sluice.api.PipelineException;

/**
 * The metadata store failed: it could not be opened, migrated, written or read; or, as a {@link BadIdException}, a
 * lookup was given an id it cannot answer. The message says which database and what to do.
 */
public class MetadataException extends PipelineException {
    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
