package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text of the listing commands (runs, artifacts, audit, token list): a line when empty, else aligned columns. */
class ListingTest {
    private static final String[] HEADER = {"NAME", "SIZE", "NOTE"};

    private static String listing(List<String> items) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            Inspection.listing(out, "nothing yet; add one", HEADER, items, s -> new String[] {s, Integer.toString(s.length()), "-"});
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void noItemsPrintTheEmptyLineAndNoHeader() {
        assertThat(listing(List.of())).isEqualTo("nothing yet; add one\n");
    }

    @Test
    void itemsPrintTheHeaderThenOneAlignedRowEachInTheirOrder() {
        assertThat(listing(List.of("b", "a-longer-name"))).isEqualTo("""
                NAME           SIZE  NOTE
                b              1     -
                a-longer-name  13    -
                """);
    }
}
