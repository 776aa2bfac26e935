package dev.sluice.ml.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses numbers straight from the bytes of a CSV field, with the grammar DuckDB's sniffer accepts
 * (a number with spaces around is not one here: DuckDB types those by the order of the values, so
 * {@link CsvTyping} hands such columns to DuckDB): an optional minus sign (a leading {@code +} makes the column text in
 * DuckDB, so it is not a number here either), digits with an optional fraction and exponent, or
 * {@code nan}, {@code inf}, {@code infinity} in any case; an unsigned number with a leading zero before
 * another digit is text, as in DuckDB. Results are correctly rounded: plain
 * decimals with at most 15 significant digits and a small exponent take Clinger's exact fast path
 * (one multiplication or division of two exactly representable doubles); anything else goes to
 * {@link Double#parseDouble}, after the grammar check (Java's own grammar also takes {@code 1d},
 * {@code 0x1p3} and {@code Infinity}-only spellings that DuckDB does not). Stateless.
 */
final class CsvNumbers {
    /** Powers of ten that are exact doubles (up to 10^22). */
    private static final double[] POW10 = new double[23];
    private static final long MAX_EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Digits of a plain decimal that {@link #plain} takes: below 10^15 < 2^53, so the mantissa is an exact double. */
    static final int PLAIN_DIGITS = 15;

    private CsvNumbers() {
    }

    /**
     * The double of the plain decimal {@code [-]mantissa / 10^fractionDigits}, for at most {@value #PLAIN_DIGITS}
     * digits in all: Clinger's exact case (both operands exact doubles, one correctly rounded division), the
     * same value {@link #parseDouble} gives for that text.
     */
    static double plain(long mantissa, int fractionDigits, boolean negative) {
        double v = fractionDigits == 0 ? mantissa : mantissa / POW10[fractionDigits];
        return negative ? -v : v;
    }

    /** A parsed long, or {@code ok == false}. Reused by the caller to avoid allocation. */
    static final class LongResult {
        boolean ok;
        long value;
    }

    /** A parsed double, or {@code ok == false}; {@code spelledInfinity} when the text was {@code inf} or {@code infinity}. */
    static final class DoubleResult {
        boolean ok;
        boolean spelledInfinity;
        double value;
    }

    /** Parses {@code buf.get(from, to)} as a 64-bit integer into {@code out}. */
    static void parseLong(ByteBuffer buf, int from, int to, LongResult out) {
        out.ok = false;
        int p = from;
        boolean negative = false;
        if (p < to && buf.get(p) == '-') {   // DuckDB's sniffer takes no leading '+'
            negative = true;
            p++;
        }
        int digits = to - p;
        if (digits <= 0 || leadingZero(buf, p, to, negative)) return;
        if (digits <= 18) {
            long v = 0;
            for (; p < to; p++) {
                int d = buf.get(p) - '0';
                if (d < 0 || d > 9) return;
                v = v * 10 + d;
            }
            out.value = negative ? -v : v;
            out.ok = true;
            return;
        }
        for (int i = p; i < to; i++) if (buf.get(i) < '0' || buf.get(i) > '9') return;
        try {
            out.value = Long.parseLong(text(buf, from, to));
            out.ok = true;
        } catch (NumberFormatException overflow) {
            // more than 64 bits: the caller tries a double
        }
    }

    /** Parses {@code buf.get(from, to)} as a double into {@code out}. */
    static void parseDouble(ByteBuffer buf, int from, int to, DoubleResult out) {
        out.ok = false;
        out.spelledInfinity = false;
        int p = from;
        boolean negative = false;
        if (p < to && buf.get(p) == '-') {
            negative = true;
            p++;
        }
        if (p >= to || leadingZero(buf, p, to, negative)) return;
        if (!isDigit(buf.get(p)) && buf.get(p) != '.') {
            special(buf, p, to, negative, out);
            return;
        }
        long mantissa = 0;
        int significant = 0;     // digits accumulated in mantissa (leading zeros skipped)
        int dropped = 0;         // integer digits beyond what the mantissa holds
        int fraction = 0;        // fraction digits accumulated in mantissa
        int intDigits = 0;
        int fracDigits = 0;
        boolean exact = true;
        for (; p < to && isDigit(buf.get(p)); p++, intDigits++) {
            int d = buf.get(p) - '0';
            if (significant < 18) {
                if (mantissa != 0 || d != 0) significant++;
                mantissa = mantissa * 10 + d;
            } else {
                dropped++;
                exact = false;
            }
        }
        if (p < to && buf.get(p) == '.') {
            p++;
            for (; p < to && isDigit(buf.get(p)); p++, fracDigits++) {
                int d = buf.get(p) - '0';
                if (significant < 18) {
                    if (mantissa != 0 || d != 0) significant++;
                    mantissa = mantissa * 10 + d;
                    fraction++;
                } else {
                    exact = false;
                }
            }
        }
        if (intDigits + fracDigits == 0) return;
        long exponent = 0;
        if (p < to && (buf.get(p) == 'e' || buf.get(p) == 'E')) {
            p++;
            boolean expNegative = false;
            if (p < to && (buf.get(p) == '-' || buf.get(p) == '+')) expNegative = buf.get(p++) == '-';
            int expDigits = 0;
            for (; p < to && isDigit(buf.get(p)); p++, expDigits++) {
                if (exponent < 100_000) exponent = exponent * 10 + (buf.get(p) - '0');
            }
            if (expDigits == 0) return;
            if (expNegative) exponent = -exponent;
        }
        if (p != to) return;
        long scale = exponent - fraction + dropped;
        if (exact && mantissa <= MAX_EXACT && Math.abs(scale) < POW10.length) {
            double v = scale < 0 ? mantissa / POW10[(int) -scale] : mantissa * POW10[(int) scale];
            out.value = negative ? -v : v;
        } else {
            out.value = Double.parseDouble(text(buf, from, to));
        }
        out.ok = true;
    }

    /**
     * DuckDB's sniffer types an unsigned number with a leading zero before another digit ({@code 007},
     * {@code 00.5}, {@code 01e3}: zip codes, identifiers) as text; with a minus sign it is a number.
     */
    static boolean leadingZero(ByteBuffer buf, int p, int to, boolean negative) {
        return !negative && p + 1 < to && buf.get(p) == '0' && isDigit(buf.get(p + 1));
    }

    private static void special(ByteBuffer buf, int p, int to, boolean negative, DoubleResult out) {
        String word = text(buf, p, to);
        if (word.equalsIgnoreCase("nan")) {
            out.value = Double.NaN;
        } else if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            out.value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            out.spelledInfinity = true;
        } else {
            return;
        }
        out.ok = true;
    }

    private static String text(ByteBuffer buf, int from, int to) {
        byte[] bytes = new byte[to - from];
        buf.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Whether {@code text} is a number by this grammar (no spaces around). */
    static boolean isNumber(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DoubleResult out = new DoubleResult();
        parseDouble(ByteBuffer.wrap(bytes), 0, bytes.length, out);
        return out.ok;
    }
}
