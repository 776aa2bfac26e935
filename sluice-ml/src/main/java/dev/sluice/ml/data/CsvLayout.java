package dev.sluice.ml.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file's bytes and how to cut them into fields, for the messages of {@link DuckCsv} when DuckDB cannot read a file: the header, line counts, byte ranges
 * for threads, and the parse of one range into {@link CsvSink}s. Fields follow RFC 4180 (a quoted field may hold
 * delimiters, line breaks and doubled quotes); lines end with LF or CRLF. Text must be valid UTF-8. Immutable;
 * {@link #parse} may run on several threads at once.
 */
final class CsvLayout {
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final int OK = 0;
    private static final int NOT_A_NUMBER = 1;
    private static final int NOT_UTF8 = 2;
    private static final int NOT_A_FIELD = 3;

    final ByteBuffer buf;
    private final byte delimiter;
    private final byte quote;
    private final long quotes;
    private final byte[][] nulls;
    /** Whether {@link #plainNumber} may read fields: not when a null token or the delimiter could be part of a number. */
    private final boolean plainNumbers;

    CsvLayout(ByteBuffer buf, byte delimiter, byte quote, List<String> nullTokens) {
        this.buf = buf;
        this.delimiter = delimiter;
        this.quote = quote;
        this.quotes = (quote & 0xFFL) * 0x0101010101010101L;
        this.nulls = new byte[nullTokens.size()][];
        boolean numericNull = false;
        for (int i = 0; i < nulls.length; i++) {
            byte[] token = nullTokens.get(i).getBytes(StandardCharsets.UTF_8);
            nulls[i] = token;
            numericNull |= token.length > 0 && (token[0] == '-' || token[0] == '.' || (token[0] >= '0' && token[0] <= '9'));
        }
        this.plainNumbers = !numericNull && delimiter != '-' && delimiter != '.' && (delimiter < '0' || delimiter > '9');
    }

    /** The header's names from {@code start}, where the data starts, or why the header cannot be used (no names in it). */
    record Header(List<String> names, int end, String problem) {
    }

    Header header(int start) {
        List<String> names = new ArrayList<>();
        int[] field = new int[3];
        int p = start;
        while (true) {
            p = field(p, field);
            if (p < 0) return new Header(List.of(), 0, "the header line has a stray or unclosed quote");
            String name = decode(field[0], field[1], field[2] == 1);
            if (name == null) return new Header(List.of(), 0, "the header is not valid UTF-8");
            names.add(name);
            if (delimiterAt(p)) {
                p++;
                continue;
            }
            p = rowEnd(p);
            break;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.isEmpty()) return new Header(names, p, "header field " + (i + 1) + " is empty");
            if (!n.equals(n.strip())) return new Header(names, p, "header field " + (i + 1) + " has spaces around it");
            Integer before = seen.putIfAbsent(n, i + 1);
            if (before != null) return new Header(names, p, "header fields " + before + " and " + (i + 1) + " are the same name");
        }
        return new Header(names, p, null);
    }

    /** Parses the range, turning a numeric column to text (and starting over) when a value needs it. */
    CsvChunk parseWidening(int from, int to, CsvKind[] kinds, boolean[] strict) {
        while (true) {
            try {
                return parse(from, to, kinds, strict);
            } catch (CsvChunk.Widen w) {
                kinds[w.column] = CsvKind.TEXT;   // own sinks widen to double in place: only text restarts
            }
        }
    }

    private CsvChunk parse(int from, int to, CsvKind[] kinds, boolean[] strict) throws CsvChunk.Widen {
        int firstLine = lineEnd(buf, from) - from;
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16L, (long) (to - from) / Math.max(1, firstLine) * 11 / 10 + 16);
        CsvSink[] sinks = new CsvSink[kinds.length];
        for (int c = 0; c < kinds.length; c++) sinks[c] = new CsvSink(kinds[c], strict[c], capacity);
        return parse(from, to, kinds, strict, sinks);
    }

    /** Parses the range into {@code sinks}; throws {@link CsvChunk.Widen} when a column needs a wider kind than its sink holds. */
    CsvChunk parse(int from, int to, CsvKind[] kinds, boolean[] strict, CsvSink[] sinks) throws CsvChunk.Widen {
        int columns = kinds.length;
        CsvNumbers.LongResult lr = new CsvNumbers.LongResult();
        CsvNumbers.DoubleResult dr = new CsvNumbers.DoubleResult();
        int[] field = new int[3];
        int p = from;
        int rows = 0;
        while (p < to) {
            int rowStart = p;
            int c = 0;
            while (true) {
                int plain = c < columns ? plainNumber(p, sinks[c]) : -1;
                if (plain >= 0) {
                    field[0] = p;
                    field[1] = plain;
                    p = plain;
                } else {
                    int start = p;
                    p = field(p, field);
                    int added = p < 0 || c >= columns ? NOT_A_FIELD : add(sinks[c], field, lr, dr);
                    if (added == NOT_A_NUMBER && !strict[c]) throw new CsvChunk.Widen(c, CsvKind.TEXT);
                    if (added != OK) return CsvChunk.failed(from, to, fieldFailure(added, p, c, columns, start, rowStart));
                }
                c++;
                if (delimiterAt(p)) {
                    p++;
                    continue;
                }
                p = rowEnd(p);
                break;
            }
            if (c != columns) {
                return CsvChunk.failed(from, to, CsvChunk.Failure.of(c == 1 && field[1] == field[0] ? "a blank line"
                        : "a row has " + c + " fields, not " + columns, rowStart, 0));
            }
            rows++;
        }
        return new CsvChunk(from, to, p, rows, kinds, sinks, null);
    }

    /** Why field {@code c} (starting at {@code start}) failed: {@code added} as {@link #add} says, or not a field at all. */
    private CsvChunk.Failure fieldFailure(int added, int p, int c, int columns, int start, int rowStart) {
        if (p < 0) return quoteFailure(start, c + 1);
        if (c >= columns) return CsvChunk.Failure.of("a row has more than " + columns + " fields", rowStart, 0);
        if (added == NOT_UTF8) return CsvChunk.Failure.of("a value is not valid UTF-8", start, c + 1);
        return CsvChunk.Failure.of("a value does not parse as the forced type of its column", start, c + 1);
    }

    /** A field starting at {@code start} that {@link #field} refused: a quote never closed (fatal), or a stray quote. */
    private CsvChunk.Failure quoteFailure(int start, int fieldNo) {
        if (buf.get(start) == quote && closingQuote(start + 1) < 0) {
            return new CsvChunk.Failure(CsvProblem.UNCLOSED_QUOTE, start, fieldNo, true);
        }
        return CsvChunk.Failure.of("a stray quote in a field", start, fieldNo);
    }

    /** The position of the quote closing a quoted field whose text starts at {@code p}, or -1 when none does. */
    private int closingQuote(int p) {
        int n = buf.limit();
        while (p < n) {
            if (buf.get(p) == quote) {
                if (p + 1 < n && buf.get(p + 1) == quote) {
                    p += 2;
                    continue;
                }
                return p;
            }
            p++;
        }
        return -1;
    }

    /**
     * The fast path for the most common field of a numeric column, a plain decimal {@code [-]digits[.digits]}
     * of at most {@value CsvNumbers#PLAIN_DIGITS} digits ending at a delimiter, a line break or the end: found
     * and parsed in one pass over its bytes (where {@link #field} then {@link #add} pass twice) and stored.
     * Returns the position after it, or -1 when the field is anything else (empty, quoted, an exponent,
     * spaces, more digits, a fraction in an integer column...): the general path then reads it, with the
     * same result for every field both accept (Clinger's exact case of {@link CsvNumbers#parseDouble}).
     */
    private int plainNumber(int p, CsvSink s) throws CsvChunk.Widen {
        if (!plainNumbers || s.kind == CsvKind.TEXT) return -1;
        int n = buf.limit();
        int q = p;
        boolean negative = q < n && buf.get(q) == '-';
        if (negative) q++;
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        byte b = 0;
        for (; q < n; q++, digits++) {
            b = buf.get(q);
            if (b < '0' || b > '9') break;
            mantissa = mantissa * 10 + (b - '0');
        }
        if (q < n && b == '.') {
            if (s.kind == CsvKind.LONG) return -1;
            for (q++; q < n; q++, fraction++) {
                b = buf.get(q);
                if (b < '0' || b > '9') break;
                mantissa = mantissa * 10 + (b - '0');
            }
        }
        if (digits + fraction == 0 || digits + fraction > CsvNumbers.PLAIN_DIGITS) return -1;
        if (!negative && digits > 1 && buf.get(p) == '0') return -1;   // 007: text in DuckDB (general path decides)
        if (q < n && b != delimiter && b != '\n' && b != '\r') return -1;
        if (s.kind == CsvKind.LONG) s.addLong(negative ? -mantissa : mantissa);
        else s.addDouble(CsvNumbers.plain(mantissa, fraction, negative));
        return q;
    }

    /** Stores one field: {@link #OK}, {@link #NOT_A_NUMBER} for the sink's number kind, or {@link #NOT_UTF8}. */
    private int add(CsvSink s, int[] field, CsvNumbers.LongResult lr, CsvNumbers.DoubleResult dr) throws CsvChunk.Widen {
        int a = field[0];
        int b = field[1];
        boolean escaped = field[2] == 1;
        if (!escaped && isNull(a, b)) {
            s.addNull();
            return OK;
        }
        switch (s.kind) {
            case LONG -> {
                CsvNumbers.parseLong(buf, a, b, lr);
                if (lr.ok) {
                    s.addLong(lr.value);
                    return OK;
                }
                if (s.forced) return NOT_A_NUMBER;   // a forced integer column takes integers only
                CsvNumbers.parseDouble(buf, a, b, dr);
                if (!dr.ok) return NOT_A_NUMBER;
                if (s.shared) throw new CsvChunk.Widen(s.column, CsvKind.DOUBLE);
                s.toDoubles();
                s.addDouble(dr.value, dr.spelledInfinity);
                return OK;
            }
            case DOUBLE -> {
                CsvNumbers.parseDouble(buf, a, b, dr);
                if (!dr.ok) return NOT_A_NUMBER;
                s.addDouble(dr.value, dr.spelledInfinity);
                return OK;
            }
            default -> {
                if (b > a && !s.maybeOrderTyped) s.maybeOrderTyped = maybeOrderTyped(a, b);
                String text = decode(a, b, escaped);
                if (text == null) return NOT_UTF8;
                s.addString(text);
                return OK;
            }
        }
    }

    /** Whether the field may be a number with spaces around or a {@code 0x}/{@code 0b} integer (looked at while its bytes are in cache). */
    private boolean maybeOrderTyped(int a, int b) {
        byte first = buf.get(a);
        byte last = buf.get(b - 1);
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') return true;
        if (first != '0' || b - a < 3) return false;
        byte radix = buf.get(a + 1);
        return radix == 'x' || radix == 'X' || radix == 'b' || radix == 'B';
    }

    private boolean isNull(int a, int b) {
        int len = b - a;
        outer:
        for (byte[] n : nulls) {
            if (n.length != len) continue;
            for (int i = 0; i < len; i++) if (buf.get(a + i) != n[i]) continue outer;
            return true;
        }
        return false;
    }

    /**
     * Finds the field starting at {@code p}: writes {start, end, escaped(0/1)} of its content into
     * {@code out} and returns the position of the delimiter or line break after it (or the end of
     * the buffer), or -1 for a stray or unclosed quote.
     */
    private int field(int p, int[] out) {
        int n = buf.limit();
        if (p < n && buf.get(p) == quote) {
            int start = ++p;
            boolean escaped = false;
            while (true) {
                if (p >= n) return -1;
                if (buf.get(p) == quote) {
                    if (p + 1 < n && buf.get(p + 1) == quote) {
                        escaped = true;
                        p += 2;
                        continue;
                    }
                    break;
                }
                p++;
            }
            out[0] = start;
            out[1] = p;
            out[2] = escaped ? 1 : 0;
            p++;
            if (p < n && buf.get(p) != delimiter && buf.get(p) != '\n' && buf.get(p) != '\r') return -1;
            return p;
        }
        int start = p;
        while (p < n) {
            byte b = buf.get(p);
            if (b == delimiter || b == '\n' || b == '\r') break;
            if (b == quote) return -1;
            p++;
        }
        out[0] = start;
        out[1] = p;
        out[2] = 0;
        return p;
    }

    /** Whether another field of the same row follows the field that ends at {@code p}. */
    private boolean delimiterAt(int p) {
        return p < buf.limit() && buf.get(p) == delimiter;
    }

    /** Where the next row starts after the row's last field, which ends at {@code p}: past its line break, if any. */
    private int rowEnd(int p) {
        return p < buf.limit() ? afterLineBreak(p) : p;
    }

    private int afterLineBreak(int p) {
        if (buf.get(p) == '\r') p++;
        if (p < buf.limit() && buf.get(p) == '\n') p++;
        return p;
    }

    /** The field's text, doubled quotes undone; null when its bytes are not valid UTF-8 (never a replacement character). */
    private String decode(int a, int b, boolean escaped) {
        byte[] bytes = new byte[b - a];
        buf.get(a, bytes);
        String s = new String(bytes, StandardCharsets.UTF_8);
        return escaped || s.indexOf('\uFFFD') >= 0 ? unusual(s, bytes, escaped) : s;
    }

    /** A decoded field with doubled quotes, or with a replacement character that may stand for bytes that are not UTF-8. */
    private String unusual(String s, byte[] bytes, boolean escaped) {
        if (s.indexOf('\uFFFD') >= 0 && !isUtf8(bytes)) return null;
        if (!escaped) return s;
        String q = String.valueOf((char) quote);
        return s.replace(q + q, q);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, no carries between bytes). */
    static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    /** The position after the line break at or after {@code p} (or the end of the buffer). */
    static int lineEnd(ByteBuffer buf, int p) {
        while (p < buf.limit() && buf.get(p) != '\n') p++;
        return Math.min(buf.limit(), p + 1);
    }

    /** The 1-based line of byte {@code offset}: line breaks before it, plus one. */
    long lineOf(int offset) {
        long lines = 1;
        for (int p = 0; p < offset && p < buf.limit(); p++) if (buf.get(p) == '\n') lines++;
        return lines;
    }
}
