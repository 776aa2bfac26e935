package dev.sluice.monitor;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.table.DuckSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cuts a window out of a model's prediction log ({@link PredictionLog}): the newest {@code lastRows} rows,
 * optionally only those logged at or after {@code since}, written in time order to one Parquet file (the table
 * the drift check reads and a retraining run receives). Stateless and thread-safe.
 */
public final class PredictionWindow {
    private PredictionWindow() {
    }

    /**
     * Writes the window to {@code target} and describes it; empty when the model has no log files yet.
     *
     * @throws PipelineException when the log cannot be read
     */
    public static Optional<DriftReport.Window> export(Path home, String model, int lastRows, Optional<Instant> since, Path target) {
        Path folder = PredictionLog.folder(home, model);
        if (!hasFiles(folder)) return Optional.empty();
        String files = DuckSession.literal(folder.toAbsolutePath() + "/*.parquet");
        String where = since.map(t -> " WHERE _time_ms >= " + t.toEpochMilli()).orElse("");
        String query = "SELECT * FROM (SELECT * FROM read_parquet(" + files + ", union_by_name = true)" + where
                + " ORDER BY _time_ms DESC LIMIT " + lastRows + ") ORDER BY _time_ms";
        try (DuckSession db = DuckSession.open(Runtime.getRuntime().availableProcessors())) {
            db.copyToParquet(query, target);
            try (Statement st = db.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), min(_time_ms), max(_time_ms) FROM read_parquet("
                         + DuckSession.literal(target) + ")")) {
                rs.next();
                long rows = rs.getLong(1);
                Optional<Instant> from = rows == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(rs.getLong(2)));
                Optional<Instant> to = rows == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(rs.getLong(3)));
                return Optional.of(new DriftReport.Window("prediction-log", folder.toString(), rows, from, to));
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot read the prediction log " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasFiles(Path folder) {
        if (!Files.isDirectory(folder)) return false;
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }
}
