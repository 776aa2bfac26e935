package dev.sluice.server.catalog;

import dev.sluice.api.Problem;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** A pipeline file in a watched folder that was not registered, with every problem found in it. Immutable. */
public record InvalidFile(Path file, List<Problem> problems) {
    public InvalidFile {
        Objects.requireNonNull(file, "file");
        problems = List.copyOf(problems);
    }
}
