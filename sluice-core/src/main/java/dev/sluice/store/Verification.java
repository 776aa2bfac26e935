package dev.sluice.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ArtifactStore#verify(ContentStamp)} found, and did, about stored content. Immutable.
 *
 * @param digest      the artifact checked
 * @param state       the finding (for a folder, the worst of its manifest and files)
 * @param quarantined where damaged content was moved ({@link State#QUARANTINED}; empty otherwise)
 */
public record Verification(Digest digest, State state, Optional<Path> quarantined) {
    /** From best to worst. */
    public enum State {
        /** The content hashes to its digest (or, checked against a stamp, nothing wrote to it). */
        INTACT,
        /** It was damaged or missing and has been written back from the bytes kept elsewhere; it is intact now. */
        RESTORED,
        /** It is not in the store, and nothing keeps its bytes. */
        MISSING,
        /** It was damaged and could not be written back: it was moved out of the store, to {@link #quarantined}. */
        QUARANTINED
    }

    public Verification {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(quarantined, "quarantined");
    }

    static Verification of(Digest digest, State state) {
        return new Verification(digest, state, Optional.empty());
    }

    /** Whether the content can be read now: intact, or restored. */
    public boolean usable() {
        return state == State.INTACT || state == State.RESTORED;
    }

    /** The worse of two findings; a folder reports its worst file. */
    Verification worse(Verification other) {
        return other.state.compareTo(state) > 0 ? new Verification(digest, other.state, other.quarantined) : this;
    }
}
