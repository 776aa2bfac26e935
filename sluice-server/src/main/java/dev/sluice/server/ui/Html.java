package dev.sluice.server.ui;

/** Escaping for the few values the server writes into HTML (a token's name and role, a message). Stateless. */
final class Html {
    private Html() {}

    /** The text with {@code & < > " '} as character references, safe in element content and quoted attributes. */
    static String escape(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
