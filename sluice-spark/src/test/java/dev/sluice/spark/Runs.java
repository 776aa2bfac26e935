package dev.sluice.spark;

import dev.sluice.engine.EngineSettings;
import dev.sluice.exec.RunOptions;
import dev.sluice.exec.RunResult;
import dev.sluice.exec.StepResult;
import dev.sluice.pipeline.ComponentRegistry;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.PipelineValidator;
import dev.sluice.testing.TempWorkspace;
import dev.sluice.yaml.YamlPipelineLoader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Runs a pipeline file in a fresh workspace on one engine, and reads tables back with DuckDB, for the tests. */
final class Runs {
    private Runs() {}

    static Pipeline pipeline(String yaml, Path dir) {
        PipelineSpec spec = new YamlPipelineLoader().parse(yaml, "pipeline.yaml", dir);
        if (!spec.problems().isEmpty()) throw new AssertionError(spec.problems().toString());
        return new PipelineValidator(ComponentRegistry.defaults()).validate(spec, Map.of());
    }

    /** Runs it in {@code home} ({@code engine} empty: as the file says). */
    static RunResult run(Pipeline p, Path home, Optional<String> master) throws Exception {
        Files.createDirectories(home);
        try (TempWorkspace ws = TempWorkspace.in(home)) {
            RunOptions options = RunOptions.defaults(ws.workspace().home()).withWorkers(2);
            if (master.isPresent()) options = options.withEngine(new EngineSettings("spark", master));
            return ws.run(p, options);
        }
    }

    static Path table(StepResult step, String port) {
        Object o = step.outputs().get(port);
        if (o instanceof Path path) return path;
        if (o instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Path path) return path;
        throw new AssertionError("output " + port + " of " + step.name() + " is " + o);
    }

    /** The columns' names and then every row, each value as text, in the file's order. */
    static List<List<String>> rows(Path parquet) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement st = c.prepareStatement("SELECT * FROM read_parquet(?)")) {
            st.setString(1, parquet.toString());
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) names.add(md.getColumnName(i));
                out.add(names);
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) row.add(String.valueOf(rs.getObject(i)));
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** Each column as {@code name TYPE}, DuckDB's type of the Parquet column. */
    static List<String> types(Path parquet) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement st = c.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
            st.setString(1, parquet.toString());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(rs.getString("column_name") + " " + rs.getString("column_type"));
            }
        }
        return out;
    }

    static String log(StepResult step) throws Exception {
        return Files.readString(step.log().orElseThrow());
    }

    /** The metrics but the trainer's timings ({@code read_ms}, {@code train_ms}, ...). */
    static Map<String, Double> untimed(Map<String, Double> metrics) {
        Map<String, Double> out = new TreeMap<>(metrics);
        out.keySet().removeIf(k -> k.endsWith("_ms"));
        return out;
    }

    /** Each file of a model folder with its bytes as text, by relative path. */
    static Map<String, String> files(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }
}
