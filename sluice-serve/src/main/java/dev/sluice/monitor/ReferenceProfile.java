package dev.sluice.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.PipelineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training profile ({@code sluice-profile/1}, written by the {@code profile} component) read into the arrays the
 * drift check needs: per numeric column the histogram edges and counts and the quantile knots, per text or
 * boolean column the category counts. Parsed once; immutable and thread-safe.
 */
public final class ReferenceProfile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final long rows;
    private final Map<String, Feature> features;

    private ReferenceProfile(String source, long rows, Map<String, Feature> features) {
        this.source = source;
        this.rows = rows;
        this.features = features;
    }

    /** One column's reference. */
    public sealed interface Feature permits Numeric, Categorical {
        String name();
    }

    /**
     * A numeric column: PSI bins {@code [edges[i], edges[i+1])} with reference {@code counts}, {@code missing}
     * rows (null, NaN or infinite), and the CDF knots for Kolmogorov-Smirnov over {@code count} finite values.
     */
    public record Numeric(String name, long count, long missing, double[] edges, long[] counts,
                          double[] knotValues, double[] knotProbabilities) implements Feature {}

    /** A text or boolean column: the most frequent {@code values} with their {@code counts}, the rest in {@code other}. */
    public record Categorical(String name, long missing, String[] values, long[] counts, long other) implements Feature {
        /** Value to bin index, built on demand by the check. */
        Map<String, Integer> index() {
            Map<String, Integer> m = new HashMap<>(values.length * 2);
            for (int i = 0; i < values.length; i++) m.put(values[i], i);
            return m;
        }
    }

    /** Reads a profile file; a clear {@link PipelineException} when it is not one. */
    public static ReferenceProfile read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new PipelineException("cannot read the reference profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses profile JSON; {@code source} names it in messages and reports. */
    public static ReferenceProfile parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw notAProfile(source, "it is not JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.path("format").asText("").startsWith("sluice-profile/")) {
            throw notAProfile(source, "it has no \"format\": \"sluice-profile/1\"");
        }
        Map<String, Feature> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("columns").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Feature f = feature(e.getKey(), e.getValue());
            if (f != null) out.put(e.getKey(), f);
        }
        return new ReferenceProfile(source, root.path("rows").asLong(), out);
    }

    private static Feature feature(String name, JsonNode c) {
        String type = c.path("type").asText();
        long missing = c.path("nulls").asLong() + c.path("nan").asLong() + c.path("infinite").asLong();
        if (type.equals("int") || type.equals("double")) {
            double[] edges = doubles(c.path("histogram").path("edges"));
            long[] counts = longs(c.path("histogram").path("counts"));
            JsonNode knots = c.has("percentiles") && c.path("percentiles").path("values").size() > 0
                    ? c.path("percentiles") : c.path("quantiles");
            double[] kx = doubles(knots.path("values"));
            double[] kp = doubles(knots.path("probabilities"));
            if (kx.length != kp.length) kx = new double[0];
            if (edges.length < 2 || counts.length != edges.length - 1) return null;  // no finite reference values
            return new Numeric(name, c.path("count").asLong(), missing, edges, counts, kx, kp.length == kx.length ? kp : new double[0]);
        }
        List<String> values = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (JsonNode f : c.path("frequencies")) {
            values.add(f.path("value").asText());
            counts.add(f.path("count").asLong());
        }
        return new Categorical(name, missing, values.toArray(String[]::new),
                counts.stream().mapToLong(Long::longValue).toArray(), c.path("other").asLong());
    }

    private static double[] doubles(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asDouble();
        return out;
    }

    private static long[] longs(JsonNode arr) {
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asLong();
        return out;
    }

    private static PipelineException notAProfile(String source, String why) {
        return new PipelineException("the reference " + source + " is not a Sluice profile: " + why
                + "; pass the output of a `uses: profile` step (its artifact id or file) with --reference");
    }

    /** Where it was read from (artifact id or file), for reports. */
    public String source() { return source; }

    /** Rows of the profiled table. */
    public long rows() { return rows; }

    /** The columns with a usable reference, in the profile's order. */
    public Map<String, Feature> features() { return features; }

    public Optional<Feature> feature(String name) { return Optional.ofNullable(features.get(name)); }

    /** The same profile labelled with another source (an artifact id instead of a store path). */
    public ReferenceProfile withSource(String newSource) {
        return new ReferenceProfile(newSource, rows, features);
    }
}
