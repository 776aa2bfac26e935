package dev.sluice.serve;

/** Small helpers to write JSON text by hand on the request path. Stateless. */
final class Json {
    private Json() {}

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(b, s);
        return b.toString();
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    /** A number; non-finite values (which JSON cannot carry) are written as null. */
    static void number(StringBuilder b, double v) {
        if (Double.isFinite(v)) b.append(v);
        else b.append("null");
    }
}
