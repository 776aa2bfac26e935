package dev.sluice.ml.data;

/**
 * One byte range parsed by {@link CsvLayout}: its sinks, the kinds it was parsed with, where it stopped (past
 * {@code to} when a quoted field runs over the range's end), its row count, or the failure that stopped it.
 */
record CsvChunk(int from, int to, int end, int rows, CsvKind[] kinds, CsvSink[] sinks, Failure failure) {
    static CsvChunk failed(int from, int to, Failure failure) {
        return new CsvChunk(from, to, to, 0, new CsvKind[0], new CsvSink[0], failure);
    }

    boolean ok() {
        return failure == null;
    }

    /**
     * Why a range cannot be parsed: what is wrong (no text of the file), the byte offset where, the field
     * (1-based, 0 for the whole row), and whether DuckDB cannot read the file either ({@code fatal}).
     */
    record Failure(String what, int offset, int field, boolean fatal) {
        static Failure of(String what, int offset, int field) {
            return new Failure(what, offset, field, false);
        }
    }

    /**
     * Why a range must be parsed again: column {@code column} needs the wider {@code kind}, or
     * ({@code kind == null}) a range has more rows than counted for it. Thrown without a stack trace.
     */
    static final class Widen extends Exception {
        final int column;
        final CsvKind kind;

        Widen(int column, CsvKind kind) {
            super(null, null, false, false);
            this.column = column;
            this.kind = kind;
        }
    }
}
