package dev.sluice.ml.data;

import dev.sluice.api.PipelineException;
import dev.sluice.api.StepContext;
import dev.sluice.ml.table.DuckSession;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parameters of a {@code csv} step, checked: the file, how to split it, the null texts, the forced column types
 * (name → DuckDB type) and what to do with malformed rows. Immutable.
 *
 * @param shown the path as the pipeline writes it (messages name the file this way)
 */
record CsvSettings(String shown, Path file, Optional<String> delimiter, Optional<String> quote, boolean header,
                   List<String> nulls, Map<String, String> forced, boolean quarantine) {
    CsvSettings {
        nulls = List.copyOf(nulls);
        forced = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(forced));
    }

    static CsvSettings of(StepContext ctx) {
        String shown = ctx.stringParam("path");
        Map<String, String> forced = forcedTypes(ctx.listParam("columns"));
        return new CsvSettings(shown, ctx.resolve(shown), ctx.optionalParam("delimiter").map(String::valueOf),
                ctx.optionalParam("quote").map(String::valueOf), ctx.boolParam("header"),
                ctx.listParam("nulls").stream().map(String::valueOf).toList(), forced,
                ctx.stringParam("on_error").equals("quarantine"));
    }

    /** The {@code columns:} entries ({@code name:type}) as column name to DuckDB type; a clear error for a bad entry. */
    static Map<String, String> forcedTypes(List<?> columns) {
        Map<String, String> forced = new LinkedHashMap<>();
        for (Object entry : columns) {
            String spec = String.valueOf(entry);
            int colon = spec.lastIndexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new PipelineException("csv: columns entry '" + spec + "' must be name:type, e.g. 'age:int'");
            }
            forced.put(spec.substring(0, colon).trim(), sqlType(spec.substring(colon + 1).trim(), spec));
        }
        return forced;
    }

    /**
     * The options of DuckDB's {@code read_csv} for this dialect; {@code wholeFile}: the sniffer reads every row;
     * malformed lines go to the temporary table {@code rejects}.
     */
    String duckOptions(CsvDialect dialect, boolean wholeFile, String rejects) {
        String quote = DuckSession.literal(String.valueOf(dialect.quote()));
        return String.join(", ",
                "delim = " + DuckSession.literal(dialect.delimiter()),
                "quote = " + quote,
                "escape = " + quote,
                "header = " + header,
                "nullstr = " + nulls.stream().map(DuckSession::literal).collect(Collectors.joining(", ", "[", "]")),
                "auto_type_candidates = " + CsvTyping.DUCKDB_CANDIDATES,
                wholeFile ? "sample_size = -1" : "sample_size = 20480",
                "store_rejects = true",
                "rejects_table = " + DuckSession.literal(rejects),
                "rejects_scan = " + DuckSession.literal(rejects + "_scans"))
                + (forced.isEmpty() ? "" : ", types = {" + forced.entrySet().stream()
                        .map(e -> DuckSession.literal(e.getKey()) + ": " + DuckSession.literal(e.getValue()))
                        .collect(Collectors.joining(", ")) + "}");
    }

    private static String sqlType(String type, String spec) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "int", "long", "integer", "bigint" -> "BIGINT";
            case "double", "float", "number" -> "DOUBLE";
            case "string", "text", "varchar" -> "VARCHAR";
            case "bool", "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "timestamp", "datetime" -> "TIMESTAMP";
            default -> {
                if (!type.matches("[A-Za-z][A-Za-z0-9_ ,()]*")) {
                    throw new PipelineException("csv: columns entry '" + spec + "' has an unknown type '" + type
                            + "'; use int, double, string, bool, date, timestamp or a DuckDB type");
                }
                yield type.toUpperCase(Locale.ROOT);
            }
        };
    }
}
