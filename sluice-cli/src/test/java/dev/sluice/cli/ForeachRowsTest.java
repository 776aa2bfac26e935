package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code foreach:} over the rows of a small table: the {@code rows} component turns the table into a list of rows, and
 * the step runs once per row, named by its columns, each column read as {@code ${item.COLUMN}}; a re-run takes every
 * instance from the cache; a table longer than {@code max_rows} fails the rows step with the reason.
 */
class ForeachRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            pipeline: per-region
            steps:
              load: {uses: csv, with: {path: regions.csv}}
              listed: {uses: rows, inputs: {data: load.data}}
              report:
                run: [python3, report.py, "${item.region}", "${item.cap}"]
                foreach: {from: listed.rows, max: 10}
            """;
    private static final String REPORT = """
            import json, os, sys
            region, cap = sys.argv[1], int(sys.argv[2])
            assert os.environ['SLUICE_PARAM_REGION'] == region
            print(json.dumps({'double_cap': 2 * cap}))
            """;

    @TempDir Path work;
    @TempDir Path home;
    private Cli cli;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(work.resolve("regions.csv"), "region,cap\neu,3\nus,5\napac,2\n");
        Files.writeString(work.resolve("report.py"), REPORT);
        Files.writeString(work.resolve("p.yaml"), PIPELINE);
        cli = new Cli(work, Map.of("SLUICE_HOME", home.toString()));
    }

    private static Map<String, JsonNode> steps(JsonNode run) {
        Map<String, JsonNode> out = new TreeMap<>();
        run.get("steps").forEach(s -> out.put(s.get("name").asText(), s));
        return out;
    }

    @Test
    void oneInstancePerRowReadsItsColumnsAndComesFromTheCacheTheSecondTime() throws IOException {
        Cli.Result r = cli.run("run", "p.yaml", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        Map<String, JsonNode> first = steps(JSON.readTree(r.out()));
        assertThat(first.keySet()).contains("report[region=eu,cap=3]", "report[region=us,cap=5]", "report[region=apac,cap=2]");
        assertThat(first.get("report[region=us,cap=5]").get("metrics").get("double_cap").asDouble()).isEqualTo(10.0);
        assertThat(first.get("report[region=apac,cap=2]").get("metrics").get("double_cap").asDouble()).isEqualTo(4.0);

        Cli.Result again = cli.run("run", "p.yaml", "--json");
        Map<String, JsonNode> second = steps(JSON.readTree(again.out()));
        for (String n : new String[] {"report[region=eu,cap=3]", "report[region=us,cap=5]", "report[region=apac,cap=2]"}) {
            assertThat(second.get(n).get("status").asText()).as(n).isEqualTo("cached");
        }
    }

    @Test
    void aTableLongerThanMaxRowsFailsTheRowsStep() throws IOException {
        Files.writeString(work.resolve("p.yaml"), PIPELINE.replace("inputs: {data: load.data}}",
                "inputs: {data: load.data}, with: {max_rows: 2}}"));
        Cli.Result r = cli.run("run", "p.yaml", "--json");
        assertThat(r.code()).isNotZero();
        JsonNode listed = steps(JSON.readTree(r.out())).get("listed");
        assertThat(listed.get("status").asText()).isEqualTo("failed");
        assertThat(listed.get("error").asText()).contains("the table has more than max_rows: 2 rows");
    }
}
