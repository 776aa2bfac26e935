package dev.sluice.ml.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.Check;
import dev.sluice.api.PipelineException;
import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import dev.sluice.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code expect} gate where it decides: a table exactly at a bound, nulls exactly at their limit, {@code mostly}
 * exactly at its share, each passes; one more fails. And what the step's log and report say for each kind of
 * expectation, since that is what a user reads when a run is blocked.
 */
class ExpectAtTheThresholdTest {
    @TempDir Path dir;
    private Path table;
    private int runs;

    /** Four rows: id 1..4; score 0.5, 1.5, 2.5 and a null; plan a, b, b and a null; empty all null. */
    @BeforeEach
    void table() throws Exception {
        BitSet lastNull = new BitSet();
        lastNull.set(3);
        BitSet allNull = new BitSet();
        allNull.set(0, 4);
        table = dir.resolve("t.parquet");
        TableIO.write(new Frame(List.of(
                new Column.Longs("id", new long[]{1, 2, 3, 4}, new BitSet()),
                new Column.Doubles("score", new double[]{0.5, 1.5, 2.5, 0}, lastNull),
                new Column.Strings("plan", new String[]{"a", "b", "b", null}),
                new Column.Doubles("empty", new double[4], allNull))), table);
    }

    private TestContext expect(Object columns, Object rows) throws Exception {
        TestContext ctx = new TestContext(dir.resolve("expect" + runs++)).input("data", table);
        if (columns != null) ctx.param("columns", columns);
        if (rows != null) ctx.param("rows", rows);
        ctx.bind(ExpectComponent.SPEC);
        new ExpectComponent().run(ctx);
        return ctx;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String shown(Check c) {
        return (c.passed() ? "passed " : "FAILED ") + c.name() + " = " + c.observed() + ", expected " + c.expected()
                + (c.details().isEmpty() ? "" : "; " + c.details());
    }

    private static List<String> shown(TestContext ctx) {
        return ctx.checks.stream().map(ExpectAtTheThresholdTest::shown).toList();
    }

    @Test
    void aTableWithExactlyTheMinimumOrMaximumRowsPassesAndOneRowOutsideFails() throws Exception {
        assertThat(shown(expect(null, map("min", 4, "max", 4)))).containsExactly("passed table.rows = 4, expected between 4 and 4");
        assertThat(shown(expect(null, map("min", 4)))).containsExactly("passed table.rows = 4, expected >= 4");
        assertThat(shown(expect(null, map("max", 4)))).containsExactly("passed table.rows = 4, expected <= 4");

        TestContext fewer = expect(null, map("min", 5));
        assertThat(shown(fewer)).containsExactly("FAILED table.rows = 4, expected >= 5");
        assertThat(fewer.log).contains("expect: failed: table: rows min 5 expected, observed 4");
        TestContext more = expect(null, map("max", 3));
        assertThat(shown(more)).containsExactly("FAILED table.rows = 4, expected <= 3");
        assertThat(more.log).contains("expect: failed: table: rows max 3 expected, observed 4");
        // a bound of 0 is a bound: between 0 and 3 says so
        assertThat(expect(null, map("min", 0, "max", 3)).log).contains("expect: failed: table: rows between 0 and 3 expected, observed 4");
        // max 0: the table must be empty
        assertThat(shown(expect(null, map("max", 0)))).containsExactly("FAILED table.rows = 4, expected <= 0");
        TestContext between = expect(null, map("min", 5, "max", 6));
        assertThat(between.log).contains("expect: failed: table: rows between 5 and 6 expected, observed 4");

        JsonNode rows = new ObjectMapper().readTree(between.output("report").toFile()).get("expectations").get(0);
        assertThat(rows.get("column").isNull()).isTrue();
        assertThat(rows.get("judged_rows").isNull()).isTrue();
        assertThat(rows.get("expectation").asText()).isEqualTo("rows between 5 and 6");
    }

    @Test
    void nullsExactlyAtTheirLimitPassAsACountAndAsAFraction() throws Exception {
        assertThat(shown(expect(map("score", map("nulls", 1)), null))).containsExactly("passed score.nulls = 1, expected <= 1");
        assertThat(shown(expect(map("score", map("nulls", 0)), null)))
                .containsExactly("FAILED score.nulls = 1, expected <= 0; 1 row fails, e.g. row 4");
        // a fraction of the rows: 1 null of 4 is 0.25
        assertThat(shown(expect(map("score", map("nulls", 0.25)), null)))
                .containsExactly("passed score.nulls = 1 (0.2500), expected <= 0.25 of rows");
        TestContext over = expect(map("score", map("nulls", 0.2)), null);
        assertThat(shown(over)).containsExactly("FAILED score.nulls = 1 (0.2500), expected <= 0.2 of rows; 1 row fails, e.g. row 4");
        assertThat(over.log).contains("expect: failed: column 'score': nulls 0.2 expected, observed 1 (0.2500) (1 row fails, e.g. row 4)");
    }

    @Test
    void mostlyExactlyAtItsSharePassesAndJustAboveItFails() throws Exception {
        // id 1..4, max 3: one of four fails; mostly 0.75 needs 3 passing, 0.76 needs 4
        assertThat(shown(expect(map("id", map("max", map("value", 3, "mostly", 0.75))), null))).containsExactly(
                "passed id.max = 4, expected <= 3 (mostly 0.75); 1 of 4 rows fail (25.00%); mostly 0.75 needs 3 to pass, e.g. row 4");
        TestContext fails = expect(map("id", map("max", map("value", 3, "mostly", 0.76))), null);
        assertThat(shown(fails)).containsExactly(
                "FAILED id.max = 4, expected <= 3 (mostly 0.76); 1 of 4 rows fail (25.00%); mostly 0.76 needs 4 to pass, e.g. row 4");
        assertThat(fails.log).anyMatch(l -> l.startsWith("expect: failed: column 'id': max 3 (mostly 0.76) expected, observed 4"));
        // mostly 1 is allowed (every row), 0 is not
        assertThat(shown(expect(map("id", map("max", map("value", 3, "mostly", 1))), null)))
                .containsExactly("FAILED id.max = 4, expected <= 3; 1 row fails, e.g. row 4");
        assertThatThrownBy(() -> expect(map("id", map("max", map("value", 3, "mostly", 0))), null))
                .isInstanceOf(PipelineException.class)
                .hasMessage("expect: column 'id': max: mostly must be a fraction above 0 and at most 1, got 0");
    }

    @Test
    void aValueEqualToMinOrMaxPassesAndAColumnOfOnlyNullsHasNoRowToFail() throws Exception {
        assertThat(shown(expect(map("id", map("min", 1, "max", 4)), null)))
                .containsExactly("passed id.min = 1, expected >= 1", "passed id.max = 4, expected <= 4");
        // row-level expectations judge the non-null values; nulls are what nulls: is for
        assertThat(shown(expect(map("empty", map("max", 1, "min", 2)), null)))
                .containsExactly("passed empty.max = no values, expected <= 1", "passed empty.min = no values, expected >= 2");
    }

    @Test
    void eachKindOfExpectationNamesItselfInTheLogWhenItFails() throws Exception {
        TestContext ctx = expect(map(
                "id", map("type", "string", "unique", true, "finite", true),
                "score", map("type", "int", "min", 1, "finite", true),
                "plan", map("in", List.of("a"), "unique", true, "regex", "[a]")), null);
        assertThat(ctx.log.stream().filter(l -> l.startsWith("expect: failed: ")).map(l -> l.substring("expect: failed: ".length())))
                .containsExactly(
                        "column 'id': type string expected, observed int (BIGINT) (4 rows fail)",
                        "column 'score': type int expected, observed double (4 rows fail)",
                        "column 'score': min 1 expected, observed 0.5 (1 row fails, e.g. row 1)",
                        "column 'plan': in [a] expected, observed other values [b] (2 rows fail, e.g. rows 2, 3)",
                        "column 'plan': unique expected, observed 1 repeated values (2 rows fail, e.g. rows 2, 3)",
                        "column 'plan': regex [a] expected, observed 2 failing rows (2 rows fail, e.g. rows 2, 3)");
        assertThat(ctx.checks).filteredOn(c -> c.name().equals("plan.unique") || c.name().equals("plan.regex"))
                .extracting(Check::expected).containsExactly("unique", "matches [a]");
        assertThat(shown(ctx)).contains("passed id.finite = integers, expected finite", "passed score.finite = 0 failing rows, expected finite");

        JsonNode report = new ObjectMapper().readTree(ctx.output("report").toFile());
        JsonNode min = report.get("expectations").get(4);
        assertThat(min.get("name").asText()).isEqualTo("score.min");
        assertThat(min.get("column").asText()).isEqualTo("score");
        assertThat(min.get("judged_rows").asLong()).isEqualTo(3);
        assertThat(min.get("expectation").asText()).isEqualTo("min 1");

        TestContext nan = expect(map("plan", map("finite", true)), null);
        assertThat(nan.log).contains("expect: failed: column 'plan': finite expected, observed a string column (VARCHAR), not numeric (4 rows fail)");
    }

    @Test
    void aNumberColumnIsMatchedAgainstInAsNumbersAndAnIntColumnIsADouble() throws Exception {
        assertThat(shown(expect(map("score", map("in", List.of("0.50", "1.5", "2.5e0"), "type", "double"),
                "id", map("type", "double", "in", List.of(1, 2, 3, 4))), null))).containsExactly(
                "passed score.in = only allowed values, expected in [0.50, 1.5, 2.5e0]",
                "passed score.type = double, expected double",
                "passed id.type = int (BIGINT), expected double",
                "passed id.in = only allowed values, expected in [1, 2, 3, 4]");
        // a list with a word is compared as text, also on a number column
        assertThat(shown(expect(map("id", map("in", List.of("1", "2", "other"))), null)))
                .containsExactly("FAILED id.in = other values [3, 4], expected in [1, 2, other]; 2 rows fail, e.g. rows 3, 4");
        // a value written as text is read as the number it says
        assertThat(shown(expect(map("id", map("max", "3")), null))).containsExactly("FAILED id.max = 4, expected <= 3; 1 row fails, e.g. row 4");
    }

    @Test
    void falseSwitchesAnExpectationOffAndATypoInTheLongFormIsAnError() throws Exception {
        TestContext off = expect(map("plan", map("unique", false), "score", map("finite", "false")), null);
        assertThat(off.checks).isEmpty();
        assertThat(shown(expect(map("plan", map("unique", "TRUE")), null))).hasSize(1);
        assertThatThrownBy(() -> expect(map("id", map("max", map("value", 3, "severty", "warn"))), null))
                .isInstanceOf(PipelineException.class)
                .hasMessage("expect: column 'id': max: unknown key 'severty'; use value, mostly and severity");
        assertThatThrownBy(() -> expect(map("id", map("unique", "yes")), null))
                .hasMessage("expect: column 'id': unique must be true or false, got 'yes'");
    }
}
