package dev.sluice.meta;

/**
 * A run or artifact id given by a user that no lookup can answer: malformed (too long, characters an id never has)
 * or an ambiguous prefix. A usage error, not a database failure: the CLI exits 2, the server answers 400. The message
 * says what to give instead.
 */
public final class BadIdException extends MetadataException {
    public BadIdException(String message) {
        super(message);
    }
}
