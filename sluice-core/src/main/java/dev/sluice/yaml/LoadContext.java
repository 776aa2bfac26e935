package dev.sluice.yaml;

import dev.sluice.api.Problem;
import dev.sluice.api.SourceLocation;
import dev.sluice.pipeline.Suggestions;
import dev.sluice.pipeline.internal.Locations;
import org.snakeyaml.engine.v2.exceptions.Mark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What one load collects while it walks the node tree: the problems found so far and the location
 * of each path. One instance per load; not thread-safe.
 */
final class LoadContext {
    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final Locations.Builder locations;
    /** Keys and component names as one string each: every step of a large sweep repeats the same few. */
    private final Map<String, String> shared = new java.util.HashMap<>();
    private final Map<String, Optional<String>> sharedOptionals = new java.util.HashMap<>();

    LoadContext(String file) {
        this.file = file;
        this.locations = Locations.builder(file);
    }

    List<Problem> problems() {
        return problems;
    }

    /** The locations recorded so far, frozen. */
    Locations locations() {
        return locations.build();
    }

    /** The 1-based position where {@code node} starts (the file's first character if the parser gave none). */
    SourceLocation at(YamlNode node) {
        return new SourceLocation(file, node.line(), node.column());
    }

    SourceLocation at(Mark mark) {
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Where the value at {@code path} was recorded to start, if it was. */
    Optional<SourceLocation> located(String path) {
        return Optional.ofNullable(locations.find(path));
    }

    /**
     * The one instance of {@code text} this load keeps: for map keys and component names, which repeat across steps
     * (each scalar the parser reads is a new string, and a plan keeps millions of them).
     */
    String shared(String text) {
        String s = shared.putIfAbsent(text, text);
        return s == null ? text : s;
    }

    /** {@code text} as one shared {@code Optional} per distinct value (see {@link #shared(String)}). */
    Optional<String> shared(Optional<String> text) {
        return text.map(t -> sharedOptionals.computeIfAbsent(t, Optional::of)).orElse(text);
    }

    /** Tells the locations that the paths of step {@code name} come next (they keep this name, not a copy of it). */
    void startStep(String name) {
        locations.startStep(name);
    }

    /** Records where the value at {@code path} starts; the first record for a path wins. */
    void mark(String path, YamlNode node) {
        locations.putIfAbsent(path, node.line(), node.column());
    }

    void report(YamlNode node, String path, String message, String hint) {
        report(at(node), path, message, hint);
    }

    void report(SourceLocation location, String path, String message, String hint) {
        problems.add(new Problem(Optional.of(location), path, message, hint));
    }

    /**
     * The entries of a mapping in file order, keyed by their text. Non-scalar keys and repeated keys
     * are reported (the first occurrence is kept).
     *
     * @param path     the mapping's path, for problems
     * @param describe how to name a key in a duplicate message, e.g. {@code k -> "step '" + k + "'"}
     */
    Map<String, Entry> entries(YamlMap mapping, String path, UnaryOperator<String> describe) {
        Map<String, Entry> out = LinkedHashMap.newLinkedHashMap(mapping.size());
        for (int i = 0; i < mapping.size(); i++) {
            YamlNode keyNode = mapping.key(i);
            if (!(keyNode instanceof YamlScalar scalar)) {
                report(keyNode, path, "keys must be plain names, got " + Shapes.describe(keyNode),
                        "Write the key as a single word followed by a colon.");
                continue;
            }
            String key = scalar.getValue();
            Entry first = out.get(key);
            if (first != null) {
                report(keyNode, join(path, key), "duplicate " + describe.apply(key)
                        + " (first defined at line " + at(first.key()).line() + ")", "Remove or rename one of them.");
                continue;
            }
            out.put(key, new Entry(key, scalar, mapping.value(i)));
        }
        return out;
    }

    /**
     * Reports every key not in {@code known}, at the key, as "unknown key 'x' in {@code owner}" with
     * the closest known keys as the hint (or the list of known keys when none is close).
     */
    void rejectUnknown(Map<String, Entry> entries, Collection<String> known, String path, String owner) {
        for (Entry e : entries.values()) {
            if (known.contains(e.name())) continue;
            String hint = Suggestions.didYouMean(e.name(), known).or(() -> samePrefix(e.name(), known))
                    .orElse("Valid keys: " + String.join(", ", known) + ".");
            report(e.key(), join(path, e.name()), "unknown key '" + e.name() + "' in " + owner, hint);
        }
    }

    /** "parameters" is far from "params" by edit distance but shares its first four letters. */
    private static Optional<String> samePrefix(String name, Collection<String> known) {
        return known.stream()
                .filter(k -> k.length() >= 4 && name.length() >= 4 && name.regionMatches(true, 0, k, 0, 4))
                .findFirst().map(k -> "Did you mean '" + k + "'?");
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** One key and its value node. */
    record Entry(String name, YamlScalar key, YamlNode value) {}
}
