package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DuckDB's {@code * EXCLUDE (...)} over one table becomes its other columns for Spark SQL; nothing else is touched. */
class ExcludeRewriteTest {
    private static final String[] COLUMNS = {"customerID", "tenure", "odd`name", "Churn"};

    @Test
    void theStarBecomesTheTablesOtherColumnsQuoted() {
        assertThat(SparkTableSteps.excludeToColumns("SELECT * EXCLUDE (customerID) FROM data", COLUMNS))
                .isEqualTo("SELECT `tenure`, `odd``name`, `Churn` FROM data");
        assertThat(SparkTableSteps.excludeToColumns("select * exclude(\"CUSTOMERID\", churn) from data", COLUMNS))
                .isEqualTo("select `tenure`, `odd``name` from data");
    }

    @Test
    void aQueryWithoutExcludeIsLeftAsWritten() {
        assertThat(SparkTableSteps.excludeToColumns("SELECT *, 'EXCLUDE (x)' AS s FROM data", COLUMNS))
                .isEqualTo("SELECT *, 'EXCLUDE (x)' AS s FROM data");
    }

    @Test
    void excludingAColumnTheTableLacksSaysWhichAndWhatItHas() {
        assertThatThrownBy(() -> SparkTableSteps.excludeToColumns("SELECT * EXCLUDE (id) FROM data", COLUMNS))
                .isInstanceOf(PipelineException.class)
                .hasMessage("sql: EXCLUDE names [id], which the input table does not have; it has customerID, tenure, odd`name, Churn");
    }
}
