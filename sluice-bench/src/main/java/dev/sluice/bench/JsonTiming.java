package dev.sluice.bench;

import dev.sluice.exec.CanonicalJsonAccess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static dev.sluice.bench.SideBySide.compare;
import static dev.sluice.bench.SideBySide.sink;

/**
 * The {@code canonical-json} cases of {@link ReplacementTiming}: cache-key parts written as canonical JSON by
 * {@code CanonicalJson} against Jackson with sorted keys, warm and in a fresh JVM.
 */
final class JsonTiming {
    private JsonTiming() {
    }

    /**
     * What a fresh JVM pays for the keys of a 1,000-step run: the first 1,000 texts, class loading and
     * interpretation included. Run once per JVM ({@code bench/replacements/run.py --only json} alternates them).
     */
    static void canonicalJsonCold(boolean ours) throws Exception {
        List<Map<String, Object>> parts = keyParts();
        long t = System.nanoTime();
        if (ours) {
            for (Map<String, Object> p : parts) sink += CanonicalJsonAccess.write(p).length();
        } else {
            var jackson = new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            for (Map<String, Object> p : parts) sink += jackson.writeValueAsString(p).length();
        }
        System.out.printf(Locale.ROOT, "%.3f%n", (System.nanoTime() - t) / 1e6);
    }

    /** A step's cache-key parts as CacheKeys builds them: component, version, parameters, input digests. */
    static void canonicalJson(int rounds) throws Exception {
        List<Map<String, Object>> parts = keyParts();
        var jackson = CanonicalJsonAccess.jackson();
        for (Map<String, Object> p : parts) {
            if (!CanonicalJsonAccess.write(p).equals(jackson.writeValueAsString(p))) throw new AssertionError("texts differ: " + p);
        }
        int ops = parts.size() * 20;
        compare("canonical-json (cache-key parts to text)", rounds, ops,
                () -> { for (int k = 0; k < 20; k++) for (Map<String, Object> p : parts) sink += write(p).length(); },
                () -> { for (int k = 0; k < 20; k++) for (Map<String, Object> p : parts) sink += jackson(jackson, p).length(); });
    }

    private static List<Map<String, Object>> keyParts() {
        Random r = new Random(7);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("max_depth", 2 + r.nextInt(6));
            params.put("eta", r.nextDouble());
            params.put("target", "Churn");
            params.put("rounds", 300L);
            params.put("columns", List.of("a", "b\t", "c\"" + i));
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("train", "sha256:" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
            inputs.put("test", "sha256:" + Long.toHexString(r.nextLong()));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("step", "gbdt-" + i);
            p.put("uses", "xgboost");
            p.put("version", 3);
            p.put("params", params);
            p.put("inputs", inputs);
            p.put("env", Map.of());
            parts.add(p);
        }
        return parts;
    }

    private static String write(Object v) {
        try {
            return CanonicalJsonAccess.write(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jackson(com.fasterxml.jackson.databind.ObjectMapper m, Object v) {
        try {
            return m.writeValueAsString(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
