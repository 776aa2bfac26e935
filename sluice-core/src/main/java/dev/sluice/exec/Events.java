package dev.sluice.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link RunEvent}s to the run's listener on the calling thread; whatever the listener throws is
 * logged at WARN and ignored, so a broken listener cannot break a run. Thread-safe if the listener is.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private final RunListener listener;

    Events(RunListener listener) {
        this.listener = listener;
    }

    void emit(RunEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.warn("run listener {} threw on {}; ignored. Listeners must not throw: catch inside onEvent.",
                    listener, event.getClass().getSimpleName(), e);
        }
    }
}
