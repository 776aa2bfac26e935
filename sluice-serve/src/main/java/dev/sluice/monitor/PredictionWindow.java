package dev.sluice.monitor;

import dev.sluice.api.PipelineException;
import dev.sluice.ml.table.DuckSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cuts a window out of a model's prediction log ({@link PredictionLog}): the newest {@code lastRows} rows,
 * optionally only those logged at or after {@code since}, written in time order to one Parquet file (the table
 * the drift check reads and a retraining run receives). Only the hours the window needs are listed and read
 * ({@link LogFiles#window}), so its cost does not grow with the log's history. Stateless and thread-safe.
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
        for (int attempt = 1; ; attempt++) {
            List<LogFiles.LogFile> files = LogFiles.window(folder, lastRows, since);
            if (files.isEmpty()) return Optional.empty();
            try {
                return Optional.of(export(folder, files, lastRows, since, target));
            } catch (PipelineException e) {
                // the log's upkeep merged or deleted an hour between listing and reading: list again
                if (attempt >= 3 || files.stream().allMatch(f -> Files.exists(f.path()))) throw e;
            }
        }
    }

    private static DriftReport.Window export(Path folder, List<LogFiles.LogFile> logFiles, int lastRows, Optional<Instant> since,
                                             Path target) {
        String files = logFiles.stream().map(f -> DuckSession.literal(f.path().toAbsolutePath())).collect(Collectors.joining(", "));
        String where = since.map(t -> " WHERE _time_ms >= " + t.toEpochMilli()).orElse("");
        String query = "SELECT * FROM (SELECT * FROM read_parquet([" + files + "], union_by_name = true)" + where
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
                return new DriftReport.Window("prediction-log", folder.toString(), rows, from, to);
            }
        } catch (SQLException e) {
            throw new PipelineException("cannot read the prediction log " + folder + ": " + e.getMessage(), e);
        }
    }

}
