package dev.sluice.ml.data;

import dev.sluice.api.StepContext;

/** What the table components share: metrics and the log line for a table they wrote. */
final class TableSteps {
    private TableSteps() {
    }

    /** Records metrics {@code rows} and {@code columns} and logs one line. */
    static void record(StepContext ctx, String component, long rows, int columns) {
        ctx.metric("rows", rows);
        ctx.metric("columns", columns);
        ctx.log(component + ": wrote " + rows + " rows x " + columns + " columns");
    }
}
