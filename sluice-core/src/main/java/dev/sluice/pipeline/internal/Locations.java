package dev.sluice.pipeline.internal;

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
 * {@code steps.NAME} are grouped by step, and since a step's paths arrive together, each step's group is a run of
 * entries in flat arrays: the rest of the path as the number of a shared string (every step's {@code .uses} is one
 * string) and the line and column packed in a {@code long}. No object per step or per path; the few paths that
 * arrive after their step's run was closed are kept by full path. Built by one {@link Builder}; immutable and
 * thread-safe once built.
 */
public final class Locations extends AbstractMap<String, SourceLocation> {
    private static final String STEPS = "steps.";
    private static final Locations EMPTY = new Builder("").build();

    private final Builder b;

    private Locations(Builder b) {
        this.b = b;
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
        return key instanceof String path ? b.find(path) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return b.size;
    }

    @Override
    public Set<Entry<String, SourceLocation>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, SourceLocation>> iterator() {
                List<Entry<String, SourceLocation>> all = new ArrayList<>(b.size);
                b.other.forEach((path, at) -> all.add(Map.entry(path, b.location(at))));
                for (int g = 0; g < b.groups; g++) {
                    for (int e = b.start[g]; e < b.start[g] + b.count[g]; e++) {
                        all.add(Map.entry(STEPS + b.groupName[g] + b.suffixes.get(b.entrySuffix[e]), b.location(b.entryAt[e])));
                    }
                }
                b.late.forEach((path, at) -> all.add(Map.entry(path, b.location(at))));
                return java.util.Collections.unmodifiableList(all).iterator();
            }

            @Override
            public int size() {
                return b.size;
            }
        };
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

    /**
     * Collects the locations of one load; the first position recorded for a path wins. Not thread-safe. After
     * {@link #build()} it is the storage of the {@link Locations} and must not be used any more.
     */
    public static final class Builder {
        /** A run longer than this (a long {@code run:} list, a large matrix) is also indexed by hash. */
        private static final int INDEX_FROM = 16;

        private final String file;
        private final Map<String, Long> other = new LinkedHashMap<>();
        /** Paths under a step recorded after another step's: by full path. */
        private final Map<String, Long> late = new HashMap<>();
        private final Map<String, Integer> suffixIds = new HashMap<>();
        private final List<String> suffixes = new ArrayList<>();
        private final int[] recent = new int[16];
        private int nextRecent;
        // step groups: an open-addressing table of names, and per group its name and its run of entries
        private String[] tableNames = new String[64];
        private int[] tableGroups = new int[64];
        private String[] groupName = new String[32];
        private int[] start = new int[32];
        private int[] count = new int[32];
        private int groups;
        // the entries of all runs, step after step
        private int[] entrySuffix = new int[256];
        private long[] entryAt = new long[256];
        private int entries;
        /** (group << 32 | suffix) to entry, for the entries of runs longer than {@link #INDEX_FROM}. */
        private final Map<Long, Integer> longRuns = new HashMap<>();
        private int size;
        private int lastGroup = -1;

        private Builder(String file) {
            this.file = file;
            Arrays.fill(recent, -1);
        }

        /** Records that the value at {@code path} starts at {@code line}:{@code column} (1-based), unless already recorded. */
        public Builder putIfAbsent(String path, int line, int column) {
            long at = ((long) line << 32) | (column & 0xffffffffL);
            int end = stepNameEnd(path);
            if (end < 0) {
                if (other.putIfAbsent(path, at) == null) size++;
                return this;
            }
            int g = group(path, end);
            int suffix = suffixId(path, end);
            if (indexOf(g, suffix) >= 0 || !late.isEmpty() && late.containsKey(path)) return this;
            if (count[g] == 0) start[g] = entries;
            if (start[g] + count[g] == entries) {
                append(g, suffix, at);
            } else if (late.putIfAbsent(path, at) != null) {
                return this;
            }
            size++;
            return this;
        }

        /**
         * Says that paths under {@code steps.NAME} come next: they are grouped under this very string (no copy of
         * it per step) and found without a lookup.
         */
        public Builder startStep(String name) {
            lastGroup = groupOf(name, true);
            return this;
        }

        /** The location recorded for {@code path} so far, or null. */
        public SourceLocation find(String path) {
            int end = stepNameEnd(path);
            if (end < 0) {
                Long at = other.get(path);
                return at == null ? null : location(at);
            }
            int g = groupOf(path.substring(STEPS.length(), end), false);
            Integer suffix = suffixIds.get(path.substring(end));
            int e = g < 0 || suffix == null ? -1 : indexOf(g, suffix);
            if (e >= 0) return location(entryAt[e]);
            Long at = late.get(path);
            return at == null ? null : location(at);
        }

        /** The locations recorded; the builder must not be used afterwards (they share its storage). */
        public Locations build() {
            return new Locations(this);
        }

        private SourceLocation location(long at) {
            return new SourceLocation(file, (int) (at >>> 32), (int) at);
        }

        /** The entry of {@code suffix} in group {@code g}'s run, or -1. */
        private int indexOf(int g, int suffix) {
            if (count[g] > INDEX_FROM) return longRuns.getOrDefault(((long) g << 32) | suffix, -1);
            for (int e = start[g], last = start[g] + count[g]; e < last; e++) if (entrySuffix[e] == suffix) return e;
            return -1;
        }

        private void append(int g, int suffix, long at) {
            if (entries == entrySuffix.length) {
                entrySuffix = Arrays.copyOf(entrySuffix, 2 * entries);
                entryAt = Arrays.copyOf(entryAt, 2 * entries);
            }
            entrySuffix[entries] = suffix;
            entryAt[entries] = at;
            entries++;
            count[g]++;
            if (count[g] == INDEX_FROM + 1) {
                for (int e = start[g]; e < entries; e++) longRuns.put(((long) g << 32) | entrySuffix[e], e);
            } else if (count[g] > INDEX_FROM + 1) {
                longRuns.put(((long) g << 32) | suffix, entries - 1);
            }
        }

        /** Paths arrive step by step, so the previous step's group is usually the one wanted. */
        private int group(String path, int end) {
            int length = end - STEPS.length();
            if (lastGroup >= 0) {
                String last = groupName[lastGroup];
                if (length == last.length() && path.startsWith(last, STEPS.length())) return lastGroup;
            }
            lastGroup = groupOf(path.substring(STEPS.length(), end), true);
            return lastGroup;
        }

        /** The number of the step's group; with {@code create}, a new group when there is none, else -1. */
        private int groupOf(String name, boolean create) {
            int h = name.hashCode();
            int mask = tableNames.length - 1;
            int i = (h ^ (h >>> 16)) & mask;
            while (tableNames[i] != null) {
                if (tableNames[i].equals(name)) return tableGroups[i];
                i = (i + 1) & mask;
            }
            if (!create) return -1;
            if (groups == groupName.length) {
                groupName = Arrays.copyOf(groupName, 2 * groups);
                start = Arrays.copyOf(start, 2 * groups);
                count = Arrays.copyOf(count, 2 * groups);
            }
            groupName[groups] = name;
            start[groups] = entries;
            tableNames[i] = name;
            tableGroups[i] = groups;
            if (2 * (groups + 1) > tableNames.length) rehash();
            return groups++;
        }

        private void rehash() {
            String[] names = tableNames;
            int[] ids = tableGroups;
            tableNames = new String[2 * names.length];
            tableGroups = new int[2 * names.length];
            int mask = tableNames.length - 1;
            for (int j = 0; j < names.length; j++) {
                if (names[j] == null) continue;
                int h = names[j].hashCode();
                int i = (h ^ (h >>> 16)) & mask;
                while (tableNames[i] != null) i = (i + 1) & mask;
                tableNames[i] = names[j];
                tableGroups[i] = ids[j];
            }
        }

        /** The number of the shared string {@code path.substring(end)}; the suffixes of the last step are tried first. */
        private int suffixId(String path, int end) {
            int length = path.length() - end;
            for (int id : recent) {
                if (id < 0) continue;
                String s = suffixes.get(id);
                if (s.length() == length && path.startsWith(s, end)) return id;
            }
            String suffix = path.substring(end);
            Integer id = suffixIds.get(suffix);
            if (id == null) {
                id = suffixes.size();
                suffixes.add(suffix);
                suffixIds.put(suffix, id);
            }
            recent[nextRecent] = id;
            nextRecent = (nextRecent + 1) % recent.length;
            return id;
        }
    }
}
