package dev.sluice.monitor;

import dev.sluice.serve.FeatureRow;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The features of one logged prediction while it waits in the {@link PredictionLog}'s queue. Under load tens of
 * thousands of rows wait for their batch; as boxed maps they were ~2.5 KB each and every young collection copied
 * them (20–90 ms pauses at 17k predictions/s). A served row is kept as {@link Served}: the field names shared per
 * schema, numbers primitive, and repeated strings (categories) one shared instance each. Immutable.
 */
sealed interface LoggedFeatures permits LoggedFeatures.Boxed, LoggedFeatures.Served {
    /** Each field's name and value ({@code Double}, {@code Long}, {@code Boolean}, {@code String} or null), in order. */
    void forEach(BiConsumer<String, Object> action);

    /** Features given as a map (the public {@link PredictionLog#append} API). */
    record Boxed(Map<String, Object> map) implements LoggedFeatures {
        @Override
        public void forEach(BiConsumer<String, Object> action) {
            map.forEach(action);
        }
    }

    /** A copy of a served {@link FeatureRow}. */
    record Served(Shape shape, double[] numbers, String[] texts, BitSet nulls) implements LoggedFeatures {
        @Override
        public void forEach(BiConsumer<String, Object> action) {
            for (int i = 0; i < numbers.length; i++) {
                Object v;
                if (nulls != null && nulls.get(i)) v = null;
                else v = switch (shape.types()[i]) {
                    case "string" -> texts[i];
                    case "long" -> (long) numbers[i];
                    case "bool" -> numbers[i] != 0;
                    default -> numbers[i];
                };
                action.accept(shape.names()[i], v);
            }
        }
    }

    /** Field names and types, shared by every row of one schema. */
    record Shape(String[] names, String[] types) {
        boolean matches(FeatureRow row) {
            if (row.size() != names.length) return false;
            for (int i = 0; i < names.length; i++) {
                if (!names[i].equals(row.name(i)) || !types[i].equals(row.type(i))) return false;
            }
            return true;
        }

        static Shape of(FeatureRow row) {
            String[] names = new String[row.size()], types = new String[row.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = row.name(i);
                types[i] = row.type(i);
            }
            return new Shape(names, types);
        }
    }

    /** Copies served rows, reusing the last shape and one instance per distinct short string. Thread-safe. */
    final class Copier {
        /** Distinct strings kept at most; beyond it (free text, ids) strings are kept as they come. */
        private static final int MAX_CANONICAL = 10_000;
        private static final int MAX_CANONICAL_LENGTH = 64;

        private final AtomicReference<Shape> last = new AtomicReference<>();
        private final Map<String, String> canonical = new ConcurrentHashMap<>();

        Served copy(FeatureRow row) {
            Shape shape = last.get();
            if (shape == null || !shape.matches(row)) {
                shape = Shape.of(row);
                last.set(shape);
            }
            int n = row.size();
            double[] numbers = new double[n];
            String[] texts = null;
            BitSet nulls = null;
            for (int i = 0; i < n; i++) {
                if (row.isNull(i)) {
                    if (nulls == null) nulls = new BitSet(n);
                    nulls.set(i);
                } else if ("string".equals(shape.types()[i])) {
                    if (texts == null) texts = new String[n];
                    texts[i] = canonical(row.text(i));
                } else {
                    numbers[i] = row.number(i);
                }
            }
            return new Served(shape, numbers, texts, nulls);
        }

        private String canonical(String s) {
            if (s == null || s.length() > MAX_CANONICAL_LENGTH) return s;
            String known = canonical.get(s);
            if (known != null) return known;
            if (canonical.size() >= MAX_CANONICAL) return s;
            known = canonical.putIfAbsent(s, s);
            return known == null ? s : known;
        }
    }
}
