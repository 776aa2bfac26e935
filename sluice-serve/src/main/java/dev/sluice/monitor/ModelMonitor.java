package dev.sluice.monitor;

import dev.sluice.api.ModelVersion;
import dev.sluice.api.PipelineException;
import dev.sluice.api.PortKind;
import dev.sluice.exec.Workspace;
import dev.sluice.meta.ArtifactRow;
import dev.sluice.meta.IdPrefix;
import dev.sluice.meta.Lineage;
import dev.sluice.meta.MetaWrite;
import dev.sluice.meta.OutputRow;
import dev.sluice.meta.StepRunRow;
import dev.sluice.ml.model.ModelArtifact;
import dev.sluice.ml.model.ModelInfo;
import dev.sluice.ml.table.Frame;
import dev.sluice.ml.table.TableIO;
import dev.sluice.serve.ModelRef;
import dev.sluice.store.Digest;
import dev.sluice.store.StoredArtifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One drift check of a registered model in a workspace, end to end: resolve {@code NAME[@ALIAS]}, find the
 * training reference, cut the current window, compare, and store the report as an artifact.
 *
 * <p><b>Finding the reference.</b> {@code --reference} names it explicitly: a profile JSON file, or an artifact
 * id (or unique prefix) in the store. Otherwise it is the output {@code profile} of the step named
 * {@code profile} in the run that registered the model version; if that run has none, the runs of the step
 * runs upstream of the model artifact (its lineage) are searched the same way. A pipeline that wants drift
 * monitoring therefore profiles its training table in a step named {@code profile}
 * ({@code profile: {uses: profile, inputs: {data: split.train}}}, as {@code examples/churn} does).
 *
 * <p><b>Features</b> compared: the model's input columns ({@code model.json}'s {@code input_schema}) when the
 * model artifact has one, else every profile column the window also has; the log's own columns
 * ({@code _time_ms}, {@code _version}, {@code _score}, {@code _label}) never.
 *
 * <p><b>The report</b> ({@link DriftReport}) is stored in the content-addressed store as a {@code metrics}
 * artifact ({@code application/json}) and recorded in the metadata with {@code ArtifactStored}. Thread-safe
 * if the workspace is.
 */
public final class ModelMonitor {
    private final Workspace ws;
    private final DriftMonitor monitor;
    private final Clock clock;

    public ModelMonitor(Workspace ws, DriftThresholds thresholds, Clock clock) {
        this.ws = ws;
        this.monitor = new DriftMonitor(thresholds);
        this.clock = clock;
    }

    /**
     * What to check.
     *
     * @param model      {@code NAME}, {@code NAME@ALIAS} or {@code NAME@VERSION}
     * @param reference  a profile file or artifact id; empty: the model's training profile
     * @param data       a Parquet table to check instead of the prediction log
     * @param windowRows the newest rows of the log to check
     * @param since      only log rows at or after this time
     */
    public record Request(String model, Optional<String> reference, Optional<Path> data, int windowRows, Optional<Instant> since) {
        public Request {
            if (windowRows < 1) throw new IllegalArgumentException("the window must hold at least one row, was " + windowRows);
        }
    }

    /**
     * The report, its artifact id, and the window as a Parquet file (the log's rows, or the given data file):
     * the caller deletes it when {@code temporary}.
     */
    public record Outcome(DriftReport report, String artifactId, Path windowFile, boolean temporary) {}

    /** Runs the check; a {@link MonitorException} says what is missing and how to fix it. */
    public Outcome check(Request request) {
        String name = request.model().contains("@") ? request.model().substring(0, request.model().indexOf('@')) : request.model();
        // like `sluice serve NAME`: the champion; a model never promoted is checked at its newest version
        Optional<ModelVersion> version = request.model().contains("@") ? ws.metadata().models().resolve(request.model())
                : ws.metadata().models().resolve(request.model() + "@" + ModelRef.DEFAULT_ALIAS)
                        .or(() -> ws.metadata().models().resolve(request.model()));
        if (version.isEmpty() && request.reference().isEmpty()) {
            throw new MonitorException("no model " + request.model() + " in the registry of " + ws.home()
                    + "; list models with: sluice models (or give the profile with --reference)");
        }
        ReferenceProfile reference = request.reference().isPresent() ? explicitReference(request.reference().get())
                : trainingReference(version.get());
        List<String> features = version.map(this::inputColumns).orElse(List.of());
        Path windowFile;
        boolean temporary;
        DriftReport.Window window;
        if (request.data().isPresent()) {
            windowFile = request.data().get();
            temporary = false;
            window = null;
        } else {
            windowFile = ws.home().resolve("tmp").resolve("window-" + name + "-" + UUID.randomUUID() + ".parquet");
            temporary = true;
            window = PredictionWindow.export(ws.home(), PredictionLog.checkName(name), request.windowRows(), request.since(), windowFile)
                    .orElseThrow(() -> new MonitorException("no predictions logged for model " + name + " under "
                            + PredictionLog.folder(ws.home(), name) + "; serve it with logging on, or check a table with --data FILE.parquet"));
        }
        Frame current = TableIO.read(windowFile);
        if (window == null) window = new DriftReport.Window("file", windowFile.toString(), current.rows(), Optional.empty(), Optional.empty());
        if (current.rows() == 0) {
            throw new MonitorException("the window has no rows (" + window.path() + "); widen it with --window or --since, or wait for predictions");
        }
        if (features.isEmpty()) {
            features = reference.features().keySet().stream().filter(f -> !f.startsWith("_") && current.find(f).isPresent()).toList();
        }
        List<FeatureDrift> drift = monitor.compare(reference, current, features);
        DriftReport report = new DriftReport(name, version.map(ModelVersion::version), reference.source(), window,
                clock.instant(), monitor.thresholds(), drift);
        return new Outcome(report, store(report), windowFile, temporary);
    }

    private ReferenceProfile explicitReference(String ref) {
        Path file = Path.of(ref);
        if (Files.isRegularFile(file)) return ReferenceProfile.read(file);
        // a missing file's name is no artifact id either: say both, not only what an artifact id looks like
        Optional<ArtifactRow> row = IdPrefix.isArtifact(ref) ? ws.metadata().queries().artifact(ref) : Optional.empty();
        if (row.isEmpty()) {
            throw new MonitorException("--reference " + ref + ": no such file, and no artifact with that id in " + ws.home()
                    + "; give a profile JSON file or the artifact id of a profile step's output (sluice artifacts lists them)");
        }
        return readArtifact(row.get().id());
    }

    private ReferenceProfile trainingReference(ModelVersion v) {
        Set<String> runs = new LinkedHashSet<>();
        v.runId().ifPresent(runs::add);
        for (String run : runs) {
            Optional<String> found = profileOutput(run);
            if (found.isPresent()) return readArtifact(found.get());
        }
        Lineage up = ws.metadata().lineage().upstream(v.artifactId());
        for (Lineage.Node n : up.nodes()) {
            if (runs.add(n.stepRun().runId())) {
                Optional<String> found = profileOutput(n.stepRun().runId());
                if (found.isPresent()) return readArtifact(found.get());
            }
        }
        throw new MonitorException("model " + v + " has no training profile: the runs that produced it (" + String.join(", ", runs)
                + ") have no step named 'profile'. Add `profile: {uses: profile, inputs: {data: split.train}}` to the pipeline"
                + " and run it again, or give a profile with --reference");
    }

    private Optional<String> profileOutput(String runId) {
        for (StepRunRow s : ws.metadata().queries().stepRuns(runId)) {
            if (!s.baseStep().equals("profile")) continue;
            for (OutputRow o : s.outputs()) if (o.port().equals("profile")) return Optional.of(o.artifactId());
        }
        return Optional.empty();
    }

    private ReferenceProfile readArtifact(String id) {
        Path path = ws.store().path(Digest.parse(id))
                .orElseThrow(() -> new MonitorException("the profile artifact " + id + " is recorded but not in the store "
                        + ws.home() + " (collected by sluice gc?); run the training pipeline again or give --reference"));
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                path = files.filter(p -> p.toString().endsWith(".json")).findFirst()
                        .orElseThrow(() -> new MonitorException("the artifact " + id + " is a folder without a profile JSON file"));
            } catch (IOException e) {
                throw new MonitorException("cannot read the artifact " + id + ": " + e.getMessage());
            }
        }
        return ReferenceProfile.read(path).withSource(id);
    }

    private List<String> inputColumns(ModelVersion v) {
        Optional<Path> dir = ws.store().path(Digest.parse(v.artifactId()));
        if (dir.isEmpty() || !Files.isRegularFile(dir.get().resolve(ModelArtifact.MODEL_JSON))) return List.of();
        try {
            ModelInfo info = ModelArtifact.readInfo(dir.get());
            List<String> out = new ArrayList<>();
            for (ModelInfo.Field f : info.inputSchema()) if (!f.name().equals(info.target())) out.add(f.name());
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private String store(DriftReport report) {
        try {
            Path tmp = ws.home().resolve("tmp").resolve("drift-" + UUID.randomUUID() + ".json");
            Files.createDirectories(tmp.getParent());
            Files.writeString(tmp, report.toJsonText());
            StoredArtifact a = ws.store().put(tmp, PortKind.METRICS, true);
            ws.metadata().writer().submit(new MetaWrite.ArtifactStored(a.id(), PortKind.METRICS.yamlName(), "application/json",
                    a.size(), clock.instant()));
            ws.metadata().writer().flush();
            return a.id();
        } catch (IOException e) {
            throw new PipelineException("cannot store the drift report in " + ws.home() + ": " + e.getMessage(), e);
        }
    }

    /** A drift check that cannot run: the message says what is missing and what to do. */
    public static final class MonitorException extends PipelineException {
        public MonitorException(String message) {
            super(message);
        }
    }
}
