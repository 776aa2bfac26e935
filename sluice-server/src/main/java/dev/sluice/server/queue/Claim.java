package dev.sluice.server.queue;

import java.util.Objects;

/** A queued run this server just claimed and must start: its queue entry and the number of its next event. */
public record Claim(QueueEntry entry, long nextSeq) {
    public Claim {
        Objects.requireNonNull(entry, "entry");
    }
}
