package dev.sluice.api;

import java.util.Comparator;
import java.util.Objects;

/** A position in a pipeline file, 1-based. Printed as {@code FILE:LINE:COL}. */
public record SourceLocation(String file, int line, int column) implements Comparable<SourceLocation> {
    private static final Comparator<SourceLocation> ORDER = Comparator.comparing(SourceLocation::file)
            .thenComparingInt(SourceLocation::line).thenComparingInt(SourceLocation::column);

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public int compareTo(SourceLocation o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
