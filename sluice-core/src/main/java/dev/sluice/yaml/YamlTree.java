package dev.sluice.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link YamlNode} tree of a one-document YAML text straight from snakeyaml's parser events, with the
 * same tags, anchors, aliases and errors as snakeyaml's composer, but without its per-node marks, comment lists
 * and styles (at a million steps those cost more than the parse). The entries of the top-level {@code steps:} map
 * can be streamed: each step's subtree goes to an {@link EntrySink} as soon as it is read and is not kept, so a
 * large file never holds the tree of all its steps. A mapping with a merge key ({@code <<: *base}) is left to
 * snakeyaml's composer ({@link #composeWithSnakeyaml}), which flattens it. Stateless.
 */
final class YamlTree {
    private YamlTree() {
    }

    /** Receives each entry of the top-level {@code steps:} map, in file order, as soon as it is read. */
    @FunctionalInterface
    interface EntrySink {
        void entry(YamlNode key, YamlNode value);
    }

    /**
     * The document's root, or empty for an empty stream. The entries of the first top-level {@code steps:} map go
     * to {@code steps} and that map is left empty ({@link YamlMap#streamed()} counts them).
     *
     * @throws YamlEngineException for a syntax error, an undefined alias or a second document, as snakeyaml's
     *                             composer would (entries streamed before the error have reached {@code steps})
     * @throws MergeKey            when a mapping has a merge key (after the whole stream was read, so that its depth
     *                             is checked): start again with {@link #composeWithSnakeyaml}
     * @throws TooDeep             when lists and maps nest deeper than {@link #MAX_DEPTH}
     */
    static Optional<YamlNode> compose(String yaml, LoadSettings settings, EntrySink steps) {
        return new Builder(settings, steps).read(new Parse(settings).parseString(yaml));
    }

    /** The whole tree through snakeyaml's composer (merge keys flattened), converted; nothing streamed. */
    static Optional<YamlNode> composeWithSnakeyaml(String yaml, LoadSettings settings) {
        return new Compose(settings).composeString(yaml).map(root -> convert(root, new IdentityHashMap<>()));
    }

    /** snakeyaml's node tree in our shape (aliases stay shared nodes). */
    private static YamlNode convert(Node node, Map<Node, YamlNode> done) {
        YamlNode seen = done.get(node);
        if (seen != null) return seen;
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        int column = node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
        switch (node) {
            case ScalarNode s -> {
                YamlScalar out = new YamlScalar(s.getTag(), s.getValue(), line, column, quoted(s.getScalarStyle()));
                done.put(node, out);
                return out;
            }
            case SequenceNode s -> {
                YamlList out = new YamlList(s.getTag(), line, column);
                done.put(node, out);
                for (Node item : s.getValue()) out.add(convert(item, done));
                return out;
            }
            case MappingNode m -> {
                YamlMap out = new YamlMap(m.getTag(), line, column);
                done.put(node, out);
                for (NodeTuple t : m.getValue()) out.put(convert(t.getKeyNode(), done), convert(t.getValueNode(), done));
                return out;
            }
            default -> throw new IllegalStateException("unknown node " + node.getClass());
        }
    }

    /** True for a letter that starts no null, boolean or number of the core schema (nor of YAML 1.1, to be safe). */
    static boolean isTextStart(char c) {
        return (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && "nNtTfFyYoO".indexOf(c) < 0;
    }

    /** Words a plain scalar starting with one of the letters {@link #isTextStart} refuses may resolve to (null, booleans). */
    private static final java.util.Set<String> SPECIAL_WORDS = java.util.Set.of("null", "true", "false", "yes", "no", "on",
            "off", "y", "n");

    /**
     * True for a plain scalar that the core schema resolves to text without trying its regular expressions: one that
     * starts with a letter and is none of the null or boolean words (nor YAML 1.1's, to be safe), such as
     * {@code text} or {@code train}. Numbers, {@code .inf}, {@code ~}, {@code <<} and {@code ${ENV}} start otherwise.
     */
    static boolean isPlainText(String value) {
        if (value.isEmpty()) return false;
        char c = value.charAt(0);
        if (isTextStart(c)) return true;
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) return false;
        return value.length() > 5 || !SPECIAL_WORDS.contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    /** A mapping key {@code <<}: leave the merge to snakeyaml. */
    static final class MergeKey extends RuntimeException {
        MergeKey() {
            super(null, null, false, false);
        }
    }

    /**
     * How deep lists and maps may nest (aliases count the depth of the value they repeat). A pipeline needs a few
     * levels; the readers and validators recurse over values, and a few kilobytes of {@code [} would otherwise
     * overflow the stack.
     */
    static final int MAX_DEPTH = 100;

    /** Lists and maps nest deeper than {@link #MAX_DEPTH}, at {@code mark}. */
    static final class TooDeep extends RuntimeException {
        private final transient Optional<Mark> mark;

        TooDeep(Optional<Mark> mark) {
            super("lists and maps nest deeper than " + MAX_DEPTH + " levels", null, false, false);
            this.mark = mark;
        }

        Optional<Mark> mark() {
            return mark;
        }
    }

    /** One pass over the events. */
    private static final class Builder {
        private final LoadSettings settings;
        private final EntrySink sink;
        private final ScalarResolver resolver;
        private final Map<Anchor, YamlNode> anchors = new HashMap<>();
        private final ArrayDeque<Open> open = new ArrayDeque<>();
        /** The nesting height of anchored lists and maps, for the aliases that repeat them. */
        private final Map<YamlNode, Integer> heights = new IdentityHashMap<>();
        private boolean mergeKey;
        private YamlNode root;
        private Optional<Mark> rootMark = Optional.empty();
        private boolean documentSeen;
        private int collectionAliases;
        private boolean stepsSeen;

        Builder(LoadSettings settings, EntrySink sink) {
            this.settings = settings;
            this.sink = sink;
            this.resolver = settings.getSchema().getScalarResolver();
        }

        Optional<YamlNode> read(Iterable<Event> events) {
            for (Event event : events) {
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        if (documentSeen) {
                            throw new ComposerException("expected a single document in the stream", rootMark,
                                    "but found another document", event.getStartMark());
                        }
                        documentSeen = true;
                    }
                    case Scalar -> scalar((ScalarEvent) event);
                    case SequenceStart, MappingStart -> start((CollectionStartEvent) event);
                    case SequenceEnd, MappingEnd -> closed(open.pop());
                    case Alias -> alias((AliasEvent) event);
                    default -> {
                        // stream start and end, document end, comments (not requested)
                    }
                }
            }
            if (mergeKey) throw new MergeKey();
            return Optional.ofNullable(root);
        }

        private void closed(Open done) {
            int height = done.height + 1;
            if (done.anchored) heights.put(done.node, height);
            added(done.node, height);
        }

        private void scalar(ScalarEvent e) {
            Optional<String> explicit = e.getTag();
            Tag tag = explicit.isEmpty() || explicit.get().equals("!")
                    ? resolve(e.getValue(), e.getImplicit().canOmitTagInPlainScalar())
                    : new Tag(explicit.get());
            YamlScalar node = new YamlScalar(tag, e.getValue(), line(e), column(e), quoted(e.getScalarStyle()));
            anchor(e, node);
            if (open.isEmpty()) rootMark = e.getStartMark();
            added(node);
        }

        private void start(CollectionStartEvent e) {
            Optional<String> explicit = e.getTag();
            boolean map = e.getEventId() == Event.ID.MappingStart;
            Tag tag = explicit.isEmpty() || explicit.get().equals("!") ? (map ? Tag.MAP : Tag.SEQ) : new Tag(explicit.get());
            YamlNode node = map ? new YamlMap(tag, line(e), column(e)) : new YamlList(tag, line(e), column(e));
            anchor(e, node);
            if (open.isEmpty()) rootMark = e.getStartMark();
            if (open.size() >= MAX_DEPTH) throw new TooDeep(e.getStartMark());
            boolean stream = map && isFirstStepsValue();
            open.push(new Open(node, stream, e.getAnchor().isPresent()));
        }

        private void alias(AliasEvent e) {
            YamlNode node = anchors.get(e.getAlias());
            if (node == null) throw new ComposerException("found undefined alias " + e.getAlias(), e.getStartMark());
            if (!(node instanceof YamlScalar) && ++collectionAliases > settings.getMaxAliasesForCollections()) {
                throw new YamlEngineException("Number of aliases for non-scalar nodes exceeds the specified max="
                        + settings.getMaxAliasesForCollections());
            }
            if (open.isEmpty()) rootMark = e.getStartMark();
            int height = heights.getOrDefault(node, 0);
            if (open.size() + height > MAX_DEPTH) throw new TooDeep(e.getStartMark());
            added(node, height);
        }

        /** True when the value about to start is that of the root map's first {@code steps} key. */
        private boolean isFirstStepsValue() {
            Open parent = open.peek();
            if (stepsSeen || open.size() != 1 || parent == null || !(parent.node instanceof YamlMap)) return false;
            if (!(parent.key instanceof YamlScalar k) || !k.getValue().equals("steps")) return false;
            stepsSeen = true;
            return true;
        }

        private void anchor(NodeEvent e, YamlNode node) {
            if (e.getAnchor().isPresent()) anchors.put(e.getAnchor().get(), node);
        }

        /**
         * The schema's tag for a scalar. A plain scalar that {@link #isPlainText} is text: that skips the resolver's
         * regular expressions for most scalars of a pipeline (keys, names, references, paths).
         */
        private Tag resolve(String value, boolean plain) {
            if (plain && isPlainText(value)) return Tag.STR;
            return resolver.resolve(value, plain);
        }

        /** A complete scalar goes to its list or map, or becomes the root. */
        private void added(YamlNode node) {
            added(node, 0);
        }

        /** A complete node of nesting height {@code height} goes to its list or map, or becomes the root. */
        private void added(YamlNode node, int height) {
            Open parent = open.peek();
            if (parent != null) parent.height = Math.max(parent.height, height);
            if (parent == null) {
                root = node;
            } else if (parent.node instanceof YamlList list) {
                list.add(node);
            } else if (parent.key == null) {
                if (!(node instanceof YamlScalar) && !settings.getAllowNonScalarKeys()) {
                    throw new YamlEngineException("Non scalar key is detected but it is not configured to be allowed.");
                }
                // the merge is snakeyaml's to do, but only once the whole stream is known not to nest too deep
                if (Tag.MERGE.equals(node.getTag())) mergeKey = true;
                parent.key = node;
            } else if (parent.stream) {
                sink.entry(parent.key, node);
                ((YamlMap) parent.node).countStreamed();
                parent.key = null;
            } else {
                // the first steps: of the root, whatever its value, is the one the reader uses; later ones never stream
                if (open.size() == 1 && parent.key instanceof YamlScalar k && k.getValue().equals("steps")) stepsSeen = true;
                ((YamlMap) parent.node).put(parent.key, node);
                parent.key = null;
            }
        }

        /** Without {@code Optional.map}: it boxes the line of every node of a large file. */
        private static int line(Event e) {
            Optional<Mark> mark = e.getStartMark();
            return mark.isPresent() ? mark.get().getLine() + 1 : 1;
        }

        private static int column(Event e) {
            Optional<Mark> mark = e.getStartMark();
            return mark.isPresent() ? mark.get().getColumn() + 1 : 1;
        }

        /**
         * A list or map being read, the key read before its value, whether its entries go to the sink, whether it has
         * an anchor, and the nesting height of its deepest value so far.
         */
        private static final class Open {
            final YamlNode node;
            final boolean stream;
            final boolean anchored;
            YamlNode key;
            int height;

            Open(YamlNode node, boolean stream, boolean anchored) {
                this.node = node;
                this.stream = stream;
                this.anchored = anchored;
            }
        }
    }

    /** A quoted scalar's text starts one column after its mark. */
    private static boolean quoted(org.snakeyaml.engine.v2.common.ScalarStyle style) {
        return style == org.snakeyaml.engine.v2.common.ScalarStyle.SINGLE_QUOTED
                || style == org.snakeyaml.engine.v2.common.ScalarStyle.DOUBLE_QUOTED;
    }
}
