package dev.sluice.bench;

import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.internal.Copies;
import dev.sluice.pipeline.internal.Locations;
import dev.sluice.pipeline.internal.NameIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.sluice.bench.SideBySide.compare;
import static dev.sluice.bench.SideBySide.retained;
import static dev.sluice.bench.SideBySide.sink;

/**
 * The planning-side cases of {@link ReplacementTiming}: {@code NameIndex} (and a variant with a spread hash),
 * {@code Copies.ordered}'s small maps and {@code Locations}, each against the JDK collection it replaces.
 */
final class IndexTiming {
    private IndexTiming() {
    }

    /** One million step names to their positions: built once, each looked up once. */
    static void nameIndex(int rounds) {
        int n = 1_000_000;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = "layer" + (i / 100) + "_step" + (i % 100);
        retained("name-index, bytes per name", n, () -> nameIndexRun(names), () -> hashMapRun(names));
        compare("name-index (1M names: build, look each up)", rounds, n, () -> nameIndexRun(names), () -> hashMapRun(names));
    }

    /**
     * NameIndex with its hash spread by a multiplication (Fibonacci hashing) against the same HashMap, on the step
     * names of the planning benchmark ({@code s0} ... {@code s999999}, consecutive hash codes).
     */
    static void nameIndexSpread(int rounds) {
        int n = 1_000_000;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = "s" + i;
        compare("name-index today (1M names s0..s999999)", rounds, n, () -> nameIndexRun(names), () -> hashMapRun(names));
        compare("name-index spread (1M names s0..s999999)", rounds, n, () -> spreadRun(names), () -> hashMapRun(names));
    }

    private static Object nameIndexRun(String[] names) {
        NameIndex index = new NameIndex(names.length);
        for (int i = 0; i < names.length; i++) index.add(names[i], i);
        long sum = 0;
        for (String name : names) sum += index.indexOf(name);
        sink += (int) sum;
        return index;
    }

    private static Object spreadRun(String[] names) {
        SpreadIndex index = new SpreadIndex(names.length);
        for (int i = 0; i < names.length; i++) index.add(names[i], i);
        long sum = 0;
        for (String name : names) sum += index.indexOf(name);
        sink += (int) sum;
        return index;
    }

    private static Object hashMapRun(String[] names) {
        HashMap<String, Integer> index = HashMap.newHashMap(names.length);
        for (int i = 0; i < names.length; i++) index.putIfAbsent(names[i], i);
        long sum = 0;
        for (String name : names) sum += index.get(name);
        sink += (int) sum;
        return index;
    }

    /** NameIndex's two arrays, the slot from a multiplicative hash. */
    private static final class SpreadIndex {
        private final String[] names;
        private final int[] positions;
        private final int shift;
        private final int mask;

        SpreadIndex(int capacity) {
            int size = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
            names = new String[size];
            positions = new int[size];
            shift = 32 - Integer.numberOfTrailingZeros(size);
            mask = size - 1;
        }

        boolean add(String name, int position) {
            int i = slot(name);
            if (names[i] != null) return false;
            names[i] = name;
            positions[i] = position;
            return true;
        }

        int indexOf(String name) {
            int i = slot(name);
            return names[i] == null ? -1 : positions[i];
        }

        private int slot(String name) {
            int i = (name.hashCode() * 0x9E3779B9) >>> shift;
            while (names[i] != null && !names[i].equals(name)) i = (i + 1) & mask;
            return i;
        }
    }

    /** A million {@code with:} maps of three entries, as Copies.ordered keeps them, each read by key. */
    static void smallMap(int rounds) {
        int n = 1_000_000;
        List<Map<String, Object>> sources = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", "data/f" + i + ".csv");
            m.put("target", "y");
            m.put("rounds", i);
            sources.add(m);
        }
        Supplier<Object> ours = () -> {
            Object[] maps = new Object[n];
            for (int i = 0; i < n; i++) maps[i] = Copies.ordered(sources.get(i & 15));
            for (Object m : maps) sink += ((Map<?, ?>) m).get("rounds").hashCode();
            return maps;
        };
        Supplier<Object> library = () -> {
            Object[] maps = new Object[n];
            for (int i = 0; i < n; i++) maps[i] = Collections.unmodifiableMap(new LinkedHashMap<>(sources.get(i & 15)));
            for (Object m : maps) sink += ((Map<?, ?>) m).get("rounds").hashCode();
            return maps;
        };
        retained("small-map, bytes per map", n, ours, library);
        compare("small-map (1M ordered 3-entry maps: copy, get)", rounds, n, () -> ours.get(), () -> library.get());
    }

    /** The source positions of 100,000 steps of four paths each, as the YAML loader records them, then found. */
    static void locations(int rounds) {
        int steps = 100_000;
        String[] names = new String[steps];
        for (int i = 0; i < steps; i++) names[i] = "s" + i;
        String[] suffixes = {".uses", ".with.path", ".inputs.in", ".with.rounds"};
        Supplier<Object> ours = () -> {
            Locations.Builder b = Locations.builder("p.yaml");
            for (int i = 0; i < steps; i++) {
                b.startStep(names[i]);
                for (int k = 0; k < suffixes.length; k++) b.putIfAbsent("steps." + names[i] + suffixes[k], 3 + 4 * i + k, 5);
            }
            Locations l = b.build();
            sink += l.get("steps." + names[steps / 2] + ".with.path").line();
            return l;
        };
        Supplier<Object> library = () -> {
            Map<String, SourceLocation> l = new HashMap<>();
            for (int i = 0; i < steps; i++) {
                for (int k = 0; k < suffixes.length; k++) l.putIfAbsent("steps." + names[i] + suffixes[k], new SourceLocation("p.yaml", 3 + 4 * i + k, 5));
            }
            sink += l.get("steps." + names[steps / 2] + ".with.path").line();
            return l;
        };
        retained("locations, bytes per step", steps, ours, library);
        compare("locations (100k steps x 4 paths: record)", rounds, steps, () -> ours.get(), () -> library.get());
    }
}
