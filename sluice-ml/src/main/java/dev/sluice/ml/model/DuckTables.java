package dev.sluice.ml.model;

import dev.sluice.ml.table.Column;
import dev.sluice.ml.table.Frame;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TableReader} on an in-memory DuckDB per call. Temporary: the lead switches model components to
 * the shared {@code TableIO} at merge. Thread-safe (no shared state).
 */
final class DuckTables implements TableReader {
    @Override
    public Frame read(Path file) throws IOException {
        String fn = file.toString().endsWith(".csv") ? "read_csv_auto" : "read_parquet";
        String sql = "SELECT * FROM " + fn + "('" + quote(file) + "')";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i));
                types.add(rs.getMetaData().getColumnTypeName(i));
            }
            List<ColumnBuffer> buffers = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) buffers.add(ColumnBuffer.of(names.get(i), types.get(i), file));
            while (rs.next()) {
                for (int i = 0; i < buffers.size(); i++) buffers.get(i).add(rs, i + 1);
            }
            return new Frame(buffers.stream().map(ColumnBuffer::build).toList());
        } catch (SQLException e) {
            throw new IOException("cannot read table " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(Frame frame, Path file) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(createTable(frame));
            try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("main", "t")) {
                for (int r = 0; r < frame.rows(); r++) appendRow(a, frame, r);
            }
            s.execute("COPY t TO '" + quote(file) + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IOException("cannot write table " + file + ": " + e.getMessage(), e);
        }
    }

    private static String createTable(Frame frame) {
        List<String> cols = new ArrayList<>();
        for (Column col : frame.columns()) {
            String type = switch (col) {
                case Column.Doubles d -> "DOUBLE";
                case Column.Longs l -> "BIGINT";
                case Column.Strings t -> "VARCHAR";
                case Column.Bools b -> "BOOLEAN";
            };
            cols.add("\"" + col.name().replace("\"", "\"\"") + "\" " + type);
        }
        return "CREATE TABLE t (" + String.join(", ", cols) + ")";
    }

    private static void appendRow(DuckDBAppender a, Frame frame, int r) throws SQLException {
        a.beginRow();
        for (Column col : frame.columns()) {
            if (col.isNull(r)) {
                a.appendNull();
                continue;
            }
            switch (col) {
                case Column.Doubles d -> a.append(d.values()[r]);
                case Column.Longs l -> a.append(l.values()[r]);
                case Column.Strings t -> a.append(t.values()[r]);
                case Column.Bools b -> a.append(b.values()[r]);
            }
        }
        a.endRow();
    }

    private static String quote(Path file) {
        return file.toAbsolutePath().toString().replace("'", "''");
    }
}
