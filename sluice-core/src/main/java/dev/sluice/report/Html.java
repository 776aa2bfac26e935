package dev.sluice.report;

import dev.sluice.api.StepStatus;

import java.util.Locale;

/** Text for HTML and SVG: escaping, numbers, durations, short ids and status colours. Stateless; thread-safe. */
final class Html {
    private Html() {}

    /** Escapes text for element content and quoted attribute values. */
    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return sb.toString();
    }

    /** A number for people: integers without a fraction, others with up to 6 significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    /** A coordinate with one decimal. */
    static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The first 12 hex digits of an artifact id ({@code sha256:<hex>}). */
    static String shortId(String artifactId) {
        String hex = artifactId.startsWith("sha256:") ? artifactId.substring(7) : artifactId;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** The fill colour of a step state (also used in the legend). */
    static String colour(StepStatus state) {
        return switch (state) {
            case SUCCEEDED -> "#2f9e5b";
            case CACHED -> "#3b7dd8";
            case FAILED -> "#d64541";
            case RUNNING -> "#e0a100";
            case PENDING -> "#b9c0c8";
            case SKIPPED -> "#9aa4ae";
            case BLOCKED -> "#8e5bb5";
            case CANCELLED -> "#6c757d";
            case WAITING -> "#f08c00";
        };
    }
}
