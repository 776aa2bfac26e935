package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delimiter and quote character a {@code csv} step reads with: as given, or sniffed from the first lines.
 *
 * <p>Sniffing tries {@code ,} {@code ;} tab and {@code |} (in that order) over the first 100 records of the file's
 * first 64 KB, splitting them with quotes respected: a delimiter is a candidate when every record, the header
 * included, has the same number of fields, at least two; the candidate with the most fields wins (the earlier in
 * that order on a tie). No candidate (a one-column file, ragged rows): {@code ,}. The quote is {@code "} unless
 * fields quoted with {@code '} occur and none quoted with {@code "}.
 *
 * <p>A header that parses to one field holding {@code ;}, a tab, {@code |} or {@code :} fails the step ("probably
 * ';'-separated") rather than yielding a one-column table (a table with the whole first line as its column's name,
 * shown later in messages: {@code /etc/shadow} read as CSV would show a password hash). Immutable.
 *
 * @param how why this dialect, for the step's log: {@code "given"} or what the sniffer saw
 */
record CsvDialect(String delimiter, char quote, String how) {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** What a one-field first line must not hold: the other delimiters, and ':' (the files of /etc). */
    private static final char[] SUSPECTS = {';', '\t', '|', ':', ','};
    private static final int RECORDS = 100;

    /** The dialect for {@code head}: {@code delimiter} and {@code quote} as given where present, else sniffed. */
    static CsvDialect of(CsvHead head, Optional<String> delimiter, Optional<String> quote, boolean header, String shown) {
        if (delimiter.isPresent() && delimiter.get().isEmpty()) throw new PipelineException("csv: delimiter must not be empty");
        if (quote.isPresent() && quote.get().length() != 1) {
            throw new PipelineException("csv: quote must be one character, e.g. quote: \"'\"");
        }
        String how = "given";
        String d;
        if (delimiter.isPresent()) {
            d = delimiter.get();
        } else {
            Sniffed s = sniff(head);
            d = String.valueOf(s.delimiter);
            how = s.fields > 0 ? "sniffed: " + s.fields + " fields on each of the first " + s.records + " lines"
                    : "default: no delimiter gives the same field count on the first lines";
        }
        char q = quote.map(v -> v.charAt(0)).orElseGet(() -> d.length() == 1 ? sniffQuote(head, d.charAt(0)) : '"');
        if (d.indexOf(q) >= 0) throw new PipelineException("csv: the quote " + name(q) + " is also the delimiter; set one of them");
        CsvDialect dialect = new CsvDialect(d, q, how);
        if (header && d.length() == 1) dialect.checkHeader(head, shown);
        return dialect;
    }

    private record Sniffed(char delimiter, int fields, int records) {
    }

    private static Sniffed sniff(CsvHead head) {
        Sniffed best = new Sniffed(',', 0, 0);
        for (char d : DELIMITERS) {
            List<Integer> counts = fieldCounts(head, d, '"');
            if (counts.isEmpty() || counts.getFirst() < 2) continue;
            if (counts.stream().allMatch(counts.getFirst()::equals) && counts.getFirst() > best.fields) {
                best = new Sniffed(d, counts.getFirst(), counts.size());
            }
        }
        return best;
    }

    private static char sniffQuote(CsvHead head, char delimiter) {
        return quotedFields(head, delimiter, '\'') > 0 && quotedFields(head, delimiter, '"') == 0 ? '\'' : '"';
    }

    /** Fails when the header is one field that holds {@code ;}, a tab, {@code |} or {@code :}, naming the likely delimiter. */
    private void checkHeader(CsvHead head, String shown) {
        List<Integer> first = fieldCounts(head, delimiter.charAt(0), quote);
        if (first.isEmpty() || first.getFirst() != 1) return;
        for (char d : SUSPECTS) {
            if (d == delimiter.charAt(0)) continue;
            int count = 0;
            boolean quoted = false;
            for (int i = 0; i < head.bytes().length && (quoted || head.bytes()[i] != '\n'); i++) {
                if (head.bytes()[i] == quote) quoted = !quoted;
                else if (!quoted && head.bytes()[i] == d) count++;
            }
            if (count > 0) {
                throw new PipelineException("csv: " + shown + ":1: the first line is one field that holds " + name(d) + " "
                        + count + (count == 1 ? " time" : " times") + " (reading with delimiter " + name(delimiter.charAt(0))
                        + "): the file is probably " + name(d) + "-separated; set delimiter: " + yaml(d));
            }
        }
    }

    /** How the log and messages name a delimiter or quote: {@code ';'}, {@code tab}, {@code "'"}. */
    static String name(char d) {
        return d == '\t' ? "tab" : d == '\'' ? "\"'\"" : "'" + d + "'";
    }

    private static String yaml(char d) {
        return d == '\t' ? "\"\\t\"" : "\"" + d + "\"";
    }

    /** Fields per record of the first {@value #RECORDS} records (blank lines skipped; a record cut by the head's end left out). */
    private static List<Integer> fieldCounts(CsvHead head, char delimiter, char quote) {
        List<Integer> counts = new ArrayList<>();
        byte[] b = head.bytes();
        int start = b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        int fields = 1;
        boolean quoted = false;
        boolean empty = true;
        for (int i = start; i < b.length && counts.size() < RECORDS; i++) {
            byte c = b[i];
            if (c == quote) {
                quoted = !quoted;   // a doubled quote toggles twice
            } else if (!quoted && c == delimiter) {
                fields++;
            } else if (!quoted && c == '\n') {
                if (!empty) counts.add(fields);
                fields = 1;
                empty = true;
                continue;
            }
            if (c != '\r') empty = false;
        }
        if (!empty && head.complete() && !quoted && counts.size() < RECORDS) counts.add(fields);
        return counts;
    }

    /** How many fields of the first records start with {@code quote} when split at {@code delimiter}. */
    private static int quotedFields(CsvHead head, char delimiter, char quote) {
        byte[] b = head.bytes();
        int n = 0;
        boolean atStart = true;
        int lines = 0;
        for (int i = 0; i < b.length && lines < RECORDS; i++) {
            if (atStart && b[i] == quote) n++;
            atStart = b[i] == delimiter || b[i] == '\n';
            if (b[i] == '\n') lines++;
        }
        return n;
    }
}
