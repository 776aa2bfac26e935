package dev.sluice.ml;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;
import dev.sluice.ml.check.ExpectComponent;
import dev.sluice.ml.check.ProfileComponent;
import dev.sluice.ml.data.CsvComponent;
import dev.sluice.ml.data.JdbcComponent;
import dev.sluice.ml.data.ParquetComponent;
import dev.sluice.ml.data.SplitComponent;
import dev.sluice.ml.data.RowsComponent;
import dev.sluice.ml.data.SqlComponent;

import java.util.List;

/**
 * Registers the built-in ML components (found through
 * {@code META-INF/services/dev.sluice.api.ComponentProvider}). A plain list: one line per component.
 * Stateless and thread-safe.
 */
public final class MlComponents implements ComponentProvider {
    @Override
    public List<Component> components() {
        return List.of(
                // tables
                new CsvComponent(),
                new ParquetComponent(),
                new JdbcComponent(),
                new SqlComponent(),
                new RowsComponent(),
                new SplitComponent(),
                // checks
                new ExpectComponent(),
                new ProfileComponent()
                // models
        );
    }
}
