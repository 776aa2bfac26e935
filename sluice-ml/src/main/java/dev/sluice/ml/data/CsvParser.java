package dev.sluice.ml.data;

import dev.sluice.ml.table.Frame;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The fast path of the {@code csv} component, behind a fence: parses a well-formed CSV file straight into a
 * {@link Frame}, typing its columns by {@link CsvTyping}, or declines the file so that the component reads it with
 * DuckDB's {@code read_csv} ({@link DuckCsv}), which types by the same rule. Whatever this parser accepts, the
 * two readers give the same table (checked by {@code CsvReadersAgreeTest} on generated files). Implementations are
 * stateless and thread-safe.
 *
 * <pre>{@code
 * switch (CsvParser.fast().parse(file, CsvOptions.defaults(), 2)) {
 *     case CsvParser.Parsed p -> use(p.frame());
 *     case CsvParser.Declined d -> readWithDuckDb(file, d.reason());
 *     case CsvParser.Malformed m -> fail(m.problem());
 * }
 * }</pre>
 */
public interface CsvParser {
    /** Parses {@code file} with up to {@code threads} threads (at least 1). */
    Result parse(Path file, CsvOptions options, int threads) throws IOException;

    /** The Java parser ({@link FastCsv}): memory-mapped, parallel, into primitive columns. */
    static CsvParser fast() {
        return FastCsv.INSTANCE;
    }

    /** What {@link #parse} did. */
    sealed interface Result permits Parsed, Declined, Malformed {
    }

    /** The file as a table. */
    record Parsed(Frame frame) implements Result {
    }

    /** The file needs DuckDB's reader; {@code reason} says why, for the log (never a value of the file). */
    record Declined(String reason) implements Result {
    }

    /** The file cannot be read by either reader (a quote that is never closed): the step fails. */
    record Malformed(CsvProblem problem) implements Result {
    }
}
