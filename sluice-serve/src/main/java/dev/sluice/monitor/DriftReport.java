package dev.sluice.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one drift check: what was compared with what, each feature's comparison and the verdict.
 * Its JSON form ({@code sluice-drift/1}) is what {@code sluice monitor --json} prints and what is stored as an
 * artifact:
 *
 * <pre>{@code
 * {"format": "sluice-drift/1", "status": "drift", "model": "churn", "version": 3,
 *  "reference": "sha256:…", "checked_at": "2026-…Z",
 *  "window": {"source": "prediction-log", "path": "…/predictions/churn", "rows": 10000, "from": "…", "to": "…"},
 *  "thresholds": {"psi": 0.2, "psi_warning": 0.1, "ks_p": 0.01},
 *  "summary": {"features": 19, "drift": 2, "warning": 1, "ok": 16, "skipped": 0},
 *  "features": [{"name": "tenure", "kind": "numeric", "status": "drift", "psi": 0.31, "ks": 0.18,
 *                "ks_lower": 0.17, "ks_p": 1.2e-30, "rows": 10000, "missing": 0,
 *                "bins": ["[0, 2)", …, "missing"], "expected": [0.1, …], "actual": [0.02, …]}, …]}
 * }</pre>
 * Numbers that do not apply (KS of a categorical feature, PSI of a skipped one) are {@code null}. The overall
 * status is {@code drift} when any feature drifted, else {@code warning} when any warned, else {@code ok}.
 * Immutable.
 */
public record DriftReport(String model, Optional<Integer> version, String reference, Window window,
                          Instant checkedAt, DriftThresholds thresholds, List<FeatureDrift> features) {
    public static final String FORMAT = "sluice-drift/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DriftReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(thresholds, "thresholds");
        features = List.copyOf(features);
    }

    /** Where the current rows came from: {@code prediction-log} or {@code file}, a path, the row count and time span. */
    public record Window(String source, String path, long rows, Optional<Instant> from, Optional<Instant> to) {
        public Window {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    public DriftStatus status() {
        if (count(DriftStatus.DRIFT) > 0) return DriftStatus.DRIFT;
        if (count(DriftStatus.WARNING) > 0) return DriftStatus.WARNING;
        return DriftStatus.OK;
    }

    public long count(DriftStatus s) {
        return features.stream().filter(f -> f.status() == s).count();
    }

    /** The names of the drifted features, in report order. */
    public List<String> drifted() {
        return features.stream().filter(f -> f.status() == DriftStatus.DRIFT).map(FeatureDrift::name).toList();
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("status", status().label());
        o.put("model", model);
        version.ifPresentOrElse(v -> o.put("version", v), () -> o.putNull("version"));
        o.put("reference", reference);
        o.put("checked_at", checkedAt.toString());
        ObjectNode w = o.putObject("window");
        w.put("source", window.source());
        w.put("path", window.path());
        w.put("rows", window.rows());
        window.from().ifPresent(t -> w.put("from", t.toString()));
        window.to().ifPresent(t -> w.put("to", t.toString()));
        ObjectNode t = o.putObject("thresholds");
        t.put("psi", thresholds.psiDrift());
        t.put("psi_warning", thresholds.psiWarning());
        t.put("ks_p", thresholds.ksPValue());
        ObjectNode s = o.putObject("summary");
        s.put("features", features.size());
        for (DriftStatus st : DriftStatus.values()) s.put(st.label(), count(st));
        ArrayNode arr = o.putArray("features");
        for (FeatureDrift f : features) {
            ObjectNode j = arr.addObject();
            j.put("name", f.name());
            j.put("kind", f.kind());
            j.put("status", f.status().label());
            number(j, "psi", f.psi());
            number(j, "ks", f.ks());
            number(j, "ks_lower", f.ksLower());
            number(j, "ks_p", f.ksPValue());
            j.put("rows", f.rows());
            j.put("missing", f.missing());
            ArrayNode bins = j.putArray("bins");
            f.bins().forEach(bins::add);
            ArrayNode e = j.putArray("expected");
            for (double v : f.expected()) e.add(v);
            ArrayNode a = j.putArray("actual");
            for (double v : f.actual()) a.add(v);
            f.note().ifPresent(n -> j.put("note", n));
        }
        return o;
    }

    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-feature table and the verdict, as {@code sluice monitor} prints them. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "drift check of %s%s: %d rows (%s) against %s%n", model,
                version.map(v -> "@" + v).orElse(""), window.rows(), window.source(), reference));
        int width = Math.max(7, features.stream().mapToInt(f -> f.name().length()).max().orElse(7));
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %-11s  %8s  %8s  %9s  %s%n", "feature", "kind", "PSI", "KS", "KS p", "status"));
        for (FeatureDrift f : features) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %-11s  %8s  %8s  %9s  %s%s%n", f.name(), f.kind(),
                    fixed(f.psi()), fixed(f.ks()), pValue(f.ksPValue()), f.status().label(),
                    f.note().map(n -> " (" + n + ")").orElse("")));
        }
        b.append(String.format(Locale.ROOT, "%s: %d drifted, %d warnings, %d ok, %d skipped (PSI > %s drift, > %s warning; KS p < %s)%n",
                status().label().toUpperCase(Locale.ROOT), count(DriftStatus.DRIFT), count(DriftStatus.WARNING),
                count(DriftStatus.OK), count(DriftStatus.SKIPPED), thresholds.psiDrift(), thresholds.psiWarning(), thresholds.ksPValue()));
        return b.toString();
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pValue(double v) {
        if (Double.isNaN(v)) return "-";
        return v < 1e-4 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) o.putNull(key);
        else o.put(key, v);
    }
}
