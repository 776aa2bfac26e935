package dev.sluice.ml.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ml.Fixtures;
import dev.sluice.testing.TestContext;
import dev.sluice.ml.data.CsvComponent;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProfileComponentTest {
    @TempDir Path dir;

    private JsonNode profile(Path table) throws Exception {
        TestContext ctx = new TestContext(dir.resolve("profile")).input("data", table).bind(ProfileComponent.SPEC);
        new ProfileComponent().run(ctx);
        return new ObjectMapper().readTree(ctx.output("profile").toFile());
    }

    /** x = 1..10, then a null, a NaN and an infinity; s = a a a a a b b b c c, then three nulls. */
    private Path handMade() {
        double[] x = new double[13];
        for (int i = 0; i < 10; i++) x[i] = i + 1;
        x[11] = Double.NaN;
        x[12] = Double.NEGATIVE_INFINITY;
        BitSet xNulls = new BitSet();
        xNulls.set(10);
        String[] s = {"a", "a", "a", "a", "a", "b", "b", "b", "c", "c", null, null, null};
        Path table = dir.resolve("hand.parquet");
        TableIO.write(new Frame(List.of(new Column.Doubles("x", x, xNulls), new Column.Strings("s", s))), table);
        return table;
    }

    @Test
    void numericColumnMatchesHandComputedStatistics() throws Exception {
        JsonNode p = profile(handMade());
        assertThat(p.get("format").asText()).isEqualTo("sluice-profile/1");
        assertThat(p.get("rows").asLong()).isEqualTo(13);
        JsonNode x = p.get("columns").get("x");
        assertThat(x.get("type").asText()).isEqualTo("double");
        assertThat(x.get("count").asLong()).isEqualTo(10);
        assertThat(x.get("nulls").asLong()).isEqualTo(1);
        assertThat(x.get("nan").asLong()).isEqualTo(1);
        assertThat(x.get("infinite").asLong()).isEqualTo(1);
        assertThat(x.get("min").asDouble()).isEqualTo(1);
        assertThat(x.get("max").asDouble()).isEqualTo(10);
        assertThat(x.get("mean").asDouble()).isEqualTo(5.5);
        // sample std of 1..10: sqrt(82.5 / 9)
        assertThat(x.get("std").asDouble()).isCloseTo(Math.sqrt(82.5 / 9), within(1e-12));
        // linear interpolation over 1..10: the p-quantile is 1 + 9p
        JsonNode q = x.get("quantiles").get("values");
        assertThat(q).hasSize(11);
        for (int i = 0; i <= 10; i++) assertThat(q.get(i).asDouble()).as("q%d", i).isCloseTo(1 + 0.9 * i, within(1e-9));
        JsonNode h = x.get("histogram");
        assertThat(h.get("edges")).hasSize(11);
        List<Long> counts = new ArrayList<>();
        h.get("counts").forEach(c -> counts.add(c.asLong()));
        assertThat(counts).containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
        // the finer grid the drift monitor's Kolmogorov-Smirnov test reads: the p-percentile is 1 + 9p as well
        JsonNode pct = x.get("percentiles").get("values");
        assertThat(pct).hasSize(101);
        assertThat(pct.get(37).asDouble()).isCloseTo(1 + 9 * 0.37, within(1e-9));
    }

    @Test
    void theStepRecordsItsRowAndColumnCounts() throws Exception {
        TestContext ctx = new TestContext(dir.resolve("profile")).input("data", handMade()).bind(ProfileComponent.SPEC);
        new ProfileComponent().run(ctx);
        assertThat(ctx.metrics).containsEntry("rows", 13.0).containsEntry("columns", 2.0);
        assertThat(ctx.log).contains("profile: 2 columns over 13 rows");
    }

    @Test
    void textColumnHasFrequenciesInCountOrder() throws Exception {
        JsonNode s = profile(handMade()).get("columns").get("s");
        assertThat(s.get("type").asText()).isEqualTo("string");
        assertThat(s.get("count").asLong()).isEqualTo(10);
        assertThat(s.get("nulls").asLong()).isEqualTo(3);
        assertThat(s.get("distinct").asLong()).isEqualTo(3);
        assertThat(s.get("frequencies").toString())
                .isEqualTo("[{\"value\":\"a\",\"count\":5},{\"value\":\"b\",\"count\":3},{\"value\":\"c\",\"count\":2}]");
        assertThat(s.get("other").asLong()).isZero();
        assertThat(s.has("nan")).isFalse();
    }

    @Test
    void telcoProfileKeepsTop50AndCountsTheRestAsOther() throws Exception {
        Fixtures.telcoCsv(dir);
        TestContext load = new TestContext(dir.resolve("load")).param("path", dir.resolve("data/telco.csv").toString())
                .bind(new CsvComponent().spec());
        new CsvComponent().run(load);
        JsonNode cols = profile(load.output("data")).get("columns");

        assertThat(cols.get("Churn").get("frequencies").toString())
                .isEqualTo("[{\"value\":\"No\",\"count\":226},{\"value\":\"Yes\",\"count\":77}]");
        assertThat(cols.get("customerID").get("frequencies")).hasSize(50);
        assertThat(cols.get("customerID").get("other").asLong()).isEqualTo(253);
        assertThat(cols.get("tenure").get("type").asText()).isEqualTo("int");
        assertThat(cols.get("tenure").get("count").asLong()).isEqualTo(303);
        long binned = 0;
        for (JsonNode c : cols.get("tenure").get("histogram").get("counts")) binned += c.asLong();
        assertThat(binned).isEqualTo(303);
    }

    @Test
    void constantColumnHasOneBin() throws Exception {
        Path table = dir.resolve("c.parquet");
        TableIO.write(new Frame(List.of(new Column.Longs("k", new long[]{4, 4, 4}, null))), table);
        JsonNode h = profile(table).get("columns").get("k").get("histogram");
        assertThat(h.toString()).isEqualTo("{\"edges\":[4.0,4.0],\"counts\":[3]}");
    }
}
