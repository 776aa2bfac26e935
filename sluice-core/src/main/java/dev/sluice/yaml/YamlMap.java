package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * A mapping: its keys and values in file order, repeated keys included (the readers report them). Stored as one
 * list of alternating keys and values, so an entry costs no object of its own.
 */
final class YamlMap extends YamlNode {
    private final List<YamlNode> keysAndValues = new ArrayList<>(4);
    private int streamed;

    YamlMap(Tag tag, int line, int column) {
        super(tag, line, column);
    }

    int size() {
        return keysAndValues.size() / 2;
    }

    /** True when the map has no entries, neither kept nor streamed. */
    boolean isEmpty() {
        return keysAndValues.isEmpty() && streamed == 0;
    }

    /** How many entries were handed to a {@link YamlTree.EntrySink} as they were read instead of kept here. */
    int streamed() {
        return streamed;
    }

    void countStreamed() {
        streamed++;
    }

    YamlNode key(int i) {
        return keysAndValues.get(2 * i);
    }

    YamlNode value(int i) {
        return keysAndValues.get(2 * i + 1);
    }

    void put(YamlNode key, YamlNode value) {
        keysAndValues.add(key);
        keysAndValues.add(value);
    }
}
