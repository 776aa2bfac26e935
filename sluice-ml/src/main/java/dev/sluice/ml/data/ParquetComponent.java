package dev.sluice.ml.data;

import dev.sluice.api.ComponentSpec;
import dev.sluice.api.ParamSpec;
import dev.sluice.api.ParamType;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.api.StepContext;
import dev.sluice.ml.DeclaredComponent;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Reads a Parquet file into a table. The whole file is decoded and rewritten, so a corrupt or
 * truncated file fails here rather than in a later step. Metrics {@code rows}, {@code columns}.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * steps:
 *   load: {uses: parquet, with: {path: data/flights.parquet}}
 * }</pre>
 */
public final class ParquetComponent extends DeclaredComponent {
    static final ComponentSpec SPEC = ComponentSpec.builder("parquet", "1")
            .description("Reads a Parquet file into a table.")
            .output("data", PortKind.TABLE, "the table read")
            .param(ParamSpec.of("path", ParamType.PATH).withDoc("Parquet file, relative to the pipeline folder"))
            .metric("rows", "rows read").metric("columns", "columns read")
            .build();

    public ParquetComponent() {
        super(SPEC);
    }

    @Override
    public void run(StepContext ctx) throws SQLException {
        String shown = ctx.stringParam("path");
        Path file = ctx.resolve(shown);
        if (!Files.isRegularFile(file)) {
            throw new PipelineException("parquet: file '" + shown + "' does not exist (looked for " + file
                    + "); paths are relative to the pipeline folder");
        }
        try (DuckSession db = DuckSession.open(ctx.cpus())) {
            String source = "read_parquet(" + DuckSession.literal(file) + ")";
            Schema schema;
            try {
                schema = db.describe(source);
                db.copyToParquet("SELECT * FROM " + source, ctx.outputFile("data", "data.parquet"));
            } catch (SQLException e) {
                throw new PipelineException("parquet: cannot read '" + shown + "' as Parquet: " + e.getMessage(), e);
            }
            long rows = db.queryLong("SELECT count(*) FROM " + source);
            TableSteps.record(ctx, "parquet", rows, schema.size());
        }
    }
}
