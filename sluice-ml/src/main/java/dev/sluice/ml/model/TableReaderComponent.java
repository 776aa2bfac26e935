package dev.sluice.ml.model;

import dev.sluice.api.ComponentSpec;
import dev.sluice.ml.DeclaredComponent;

import java.util.Objects;

/**
 * A component with a constant spec that reads (and writes) its tables through a {@link TableReader}: {@code predict},
 * {@code evaluate}, {@code preprocess}, and {@code canary} in sluice-serve. As thread-safe as the subclass's
 * {@code run}.
 */
public abstract class TableReaderComponent extends DeclaredComponent {
    /** How this component reads and writes tables. */
    protected final TableReader tables;

    protected TableReaderComponent(ComponentSpec spec, TableReader tables) {
        super(spec);
        this.tables = Objects.requireNonNull(tables, "tables");
    }
}
