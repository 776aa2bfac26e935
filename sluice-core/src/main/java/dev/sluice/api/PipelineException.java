package dev.sluice.api;

/** The root of every exception Sluice throws at its users. Unchecked. */
public class PipelineException extends RuntimeException {
    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
