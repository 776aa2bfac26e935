package dev.sluice.api;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a pipeline definition: where, what, and what to do.
 *
 * @param location where in the file; empty for pipelines built in Java
 * @param path     the path of the offending node, e.g. {@code steps.train.inputs.data}
 * @param message  what is wrong, one sentence
 * @param hint     what to do, e.g. {@code Did you mean 'load.table'?}; may be empty
 */
public record Problem(Optional<SourceLocation> location, String path, String message, String hint) {
    public static final Comparator<Problem> ORDER = Comparator
            .comparing((Problem p) -> p.location().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Problem::path);

    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
        hint = hint == null ? "" : hint;
    }

    /**
     * {@code FILE:LINE:COL: message. hint} on one line, the form editors and CI logs link; without a location
     * (a pipeline built in Java, a {@code -p} value) the path stands in front instead.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        String where = location.map(SourceLocation::toString).orElse(path);
        if (!where.isEmpty()) sb.append(where).append(": ");
        sb.append(message);
        if (!hint.isEmpty()) {
            char last = message.isEmpty() ? '.' : message.charAt(message.length() - 1);
            sb.append(last == '.' || last == '?' || last == '!' || last == ':' ? " " : ". ").append(hint);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
