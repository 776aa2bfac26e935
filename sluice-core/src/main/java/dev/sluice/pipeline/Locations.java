package dev.sluice.pipeline;

import dev.sluice.api.SourceLocation;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each path of one pipeline file starts, as a read-only map from path ({@code steps.train.inputs.data[0]})
 * to {@link SourceLocation}, stored compactly: a file of a million steps has about ten million paths. Paths under
 * {@code steps.NAME} are grouped by step; each group keeps the rest of the path (shared between steps: every step's
 * {@code .uses} is one string) and the line and column packed in a {@code long}. Built by one {@link Builder};
 * immutable and thread-safe once built.
 */
public final class Locations extends AbstractMap<String, SourceLocation> {
    private static final String STEPS = "steps.";
    private static final Locations EMPTY = new Builder("").build();

    private final String file;
    private final Map<String, Long> other;
    private final Map<String, Group> steps;
    private final Map<String, String> suffixes;
    private final int size;

    private Locations(Builder b) {
        this.file = b.file;
        this.other = b.other;
        this.steps = b.steps;
        this.suffixes = b.suffixes;
        this.size = b.size;
    }

    /** No locations (a pipeline built in Java). */
    public static Locations empty() {
        return EMPTY;
    }

    /** A builder for the locations of {@code file} (the name shown in every {@link SourceLocation}). */
    public static Builder builder(String file) {
        return new Builder(file);
    }

    @Override
    public SourceLocation get(Object key) {
        return key instanceof String path ? find(path, file, other, steps, suffixes) : null;
    }

    private static SourceLocation find(String path, String file, Map<String, Long> other, Map<String, Group> steps,
                                       Map<String, String> suffixes) {
        int end = stepNameEnd(path);
        if (end < 0) {
            Long at = other.get(path);
            return at == null ? null : location(file, at);
        }
        Group g = steps.get(path.substring(STEPS.length(), end));
        String suffix = suffixes.get(path.substring(end));
        if (g == null || suffix == null) return null;
        int i = g.indexOf(suffix);
        return i < 0 ? null : location(file, g.at[i]);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, SourceLocation>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, SourceLocation>> iterator() {
                List<Entry<String, SourceLocation>> all = new ArrayList<>(size);
                other.forEach((path, at) -> all.add(Map.entry(path, location(at))));
                steps.forEach((name, g) -> {
                    for (int i = 0; i < g.size; i++) all.add(Map.entry(STEPS + name + g.suffix[i], location(g.at[i])));
                });
                return java.util.Collections.unmodifiableList(all).iterator();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private SourceLocation location(long at) {
        return location(file, at);
    }

    private static SourceLocation location(String file, long at) {
        return new SourceLocation(file, (int) (at >>> 32), (int) at);
    }

    /**
     * The end of the step name in {@code steps.NAME...} (the first '.' or '[' after it, or the path's end), or -1
     * when the path is not under a step. A pure function of the path, so storing and looking up agree.
     */
    private static int stepNameEnd(String path) {
        if (path.length() <= STEPS.length() || !path.startsWith(STEPS)) return -1;
        int i = STEPS.length();
        while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') i++;
        return i == STEPS.length() ? -1 : i;
    }

    /** One step's paths: the rest of each path after {@code steps.NAME}, and its packed position. */
    private static final class Group {
        private static final int INDEX_FROM = 16;
        String[] suffix = new String[8];   // a step with inputs has about 8 paths
        long[] at = new long[8];
        int size;
        Map<String, Integer> index;   // only for steps with many paths (a long run: list, a large matrix)

        /** Suffixes are canonical instances, so identity is equality. */
        int indexOf(String canonical) {
            if (index != null) return index.getOrDefault(canonical, -1);
            for (int i = 0; i < size; i++) if (suffix[i] == canonical) return i;
            return -1;
        }

        void add(String canonical, long position) {
            if (size == suffix.length) {
                suffix = Arrays.copyOf(suffix, size * 2);
                at = Arrays.copyOf(at, size * 2);
            }
            suffix[size] = canonical;
            at[size] = position;
            if (index != null) {
                index.put(canonical, size);
            } else if (size + 1 == INDEX_FROM) {
                index = new HashMap<>();
                for (int i = 0; i <= size; i++) index.put(suffix[i], i);
            }
            size++;
        }
    }

    /** Collects the locations of one load; the first position recorded for a path wins. Not thread-safe. */
    public static final class Builder {
        private final String file;
        private final Map<String, Long> other = new LinkedHashMap<>();
        private final Map<String, Group> steps = new LinkedHashMap<>();
        private final Map<String, String> suffixes = new HashMap<>();
        private int size;
        private String lastName = "";
        private Group last;
        private final String[] recent = new String[16];
        private int next;

        private Builder(String file) {
            this.file = file;
        }

        /** Records that the value at {@code path} starts at {@code line}:{@code column} (1-based), unless already recorded. */
        public Builder putIfAbsent(String path, int line, int column) {
            long at = ((long) line << 32) | (column & 0xffffffffL);
            int end = stepNameEnd(path);
            if (end < 0) {
                if (other.putIfAbsent(path, at) == null) size++;
                return this;
            }
            Group g = group(path, end);
            String suffix = suffix(path, end);
            if (g.indexOf(suffix) < 0) {
                g.add(suffix, at);
                size++;
            }
            return this;
        }

        /** The canonical instance of {@code path.substring(end)}; the suffixes of the last step are tried first. */
        private String suffix(String path, int end) {
            int length = path.length() - end;
            for (String s : recent) {
                if (s != null && s.length() == length && path.startsWith(s, end)) return s;
            }
            String s = suffixes.computeIfAbsent(path.substring(end), k -> k);
            recent[next] = s;
            next = (next + 1) % recent.length;
            return s;
        }

        /**
         * Says that paths under {@code steps.NAME} come next: they are grouped under this very string (no copy of
         * it per step) and found without a map lookup.
         */
        public Builder startStep(String name) {
            lastName = name;
            last = steps.computeIfAbsent(name, k -> new Group());
            return this;
        }

        /** Paths arrive step by step, so the previous step's group is usually the one wanted. */
        private Group group(String path, int end) {
            int length = end - STEPS.length();
            if (last != null && length == lastName.length() && path.startsWith(lastName, STEPS.length())) return last;
            lastName = path.substring(STEPS.length(), end);
            last = steps.computeIfAbsent(lastName, k -> new Group());
            return last;
        }

        /** The location recorded for {@code path} so far, or null. */
        public SourceLocation find(String path) {
            return Locations.find(path, file, other, steps, suffixes);
        }

        /** The locations recorded; the builder must not be used afterwards (they share its storage). */
        public Locations build() {
            return new Locations(this);
        }
    }
}
